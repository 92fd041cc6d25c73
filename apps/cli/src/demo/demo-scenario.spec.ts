import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  decide,
  evolve,
  fold,
  type MilestoneCommand,
  type MilestoneEvent,
  type MilestoneState,
} from '@app/milestones';
import { parsePlanDocument } from '@app/plans';
import { projectRoot } from '@app/platform';
import { buildDemoScript, DEFAULT_DEMO_SEED, type DemoMilestone } from './demo-scenario';
import { SIMULATED_MARK } from './demo-texts';

const NOW = new Date('2026-11-30T10:00:00+08:00');

function seedMilestones(): DemoMilestone[] {
  const doc = fs.readFileSync(path.join(projectRoot(), 'seeds', 'jiangmen-sanqu-2020-2022.txt'), 'utf8');
  const plan = parsePlanDocument(doc);
  return plan.tasks.flatMap((t) =>
    t.milestones.map((m) => ({
      id: m.id,
      taskTitle: t.title,
      period: m.period,
      dueDate: m.dueDate,
      indicators: m.indicators.map((i) => ({ metric: i.metric, target: i.target, unit: i.unit })),
      leadUnits: t.leadUnitIds,
      cooperatingUnits: t.cooperatingUnitIds,
    })),
  );
}

function planned(m: DemoMilestone): MilestoneEvent {
  return {
    type: 'MilestonePlanned',
    occurredAt: '2020-01-01T00:00:00+08:00',
    data: {
      milestoneId: m.id,
      planKey: 'sanqu-2020',
      taskNo: 1,
      section: 1,
      taskTitle: m.taskTitle,
      period: m.period,
      dueDate: m.dueDate,
      text: m.taskTitle,
      indicators: m.indicators.map((i) => ({ ...i, comparator: '>=', source: i.metric })),
      leadUnits: m.leadUnits,
      cooperatingUnits: m.cooperatingUnits,
      zones: [],
      districts: [],
    },
  };
}

describe('demo scenario (simulated 2020–2022 history)', () => {
  const milestones = seedMilestones();
  const script = buildDemoScript(DEFAULT_DEMO_SEED, milestones);

  it('is a pure function of the seed: same seed, same script; another seed, another script', () => {
    const again = buildDemoScript(DEFAULT_DEMO_SEED, [...milestones].reverse());
    expect(JSON.stringify(again)).toBe(JSON.stringify(script));
    const other = buildDemoScript('another-seed', milestones);
    expect(JSON.stringify(other.actions)).not.toBe(JSON.stringify(script.actions));
  });

  it('gives every one of the 101 milestones a history, in filing order, with unique keys', () => {
    expect(milestones).toHaveLength(101);
    expect(new Set(script.actions.map((a) => a.milestoneId)).size).toBe(101);
    expect(new Set(script.actions.map((a) => a.key)).size).toBe(script.actions.length);
    const times = script.actions.map((a) => Date.parse(a.fileAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(script.monthEnds[0]).toBe('2020-01-31');
    expect(script.monthEnds.at(-1)).toBe(script.simulationEnd);
    expect(script.monthEnds).toContain('2020-02-29');
  });

  it('passes the domain rules: every command, in filing order, is accepted by decide()', () => {
    const states = new Map<string, MilestoneState>(milestones.map((m) => [m.id, fold([planned(m)])]));
    for (const a of script.actions) {
      const state = states.get(a.milestoneId)!;
      const command = { ...a.command, actor: a.actor } as MilestoneCommand;
      let decided;
      try {
        decided = decide(command, state, NOW);
      } catch (e) {
        throw new Error(`${a.key} ${a.command.type} ${a.command.occurredAt}: ${(e as Error).message}`, {
          cause: e,
        });
      }
      states.set(
        a.milestoneId,
        decided.reduce((s, ev) => evolve(s, ev as MilestoneEvent), state),
      );
    }
    const finals = [...states.values()];
    const count = (f: (s: MilestoneState) => boolean) => finals.filter(f).length;
    const accepted = count((s) => s.lifecycle === 'accepted');
    const onTime = count((s) => s.lifecycle === 'accepted' && (s.submittedOn ?? '') <= s.dueDate);
    const late = count((s) => s.lifecycle === 'accepted' && (s.submittedOn ?? '') > s.dueDate);
    const open = count((s) => ['planned', 'in_progress', 'returned', 'submitted'].includes(s.lifecycle));
    // Most on time, some late, some missed (still open at the end), a few cancelled.
    expect(onTime).toBeGreaterThan(finals.length / 2);
    expect(late).toBeGreaterThanOrEqual(5);
    expect(open).toBeGreaterThanOrEqual(5);
    expect(accepted + open + count((s) => s.lifecycle === 'cancelled')).toBe(101);
    expect(count((s) => s.rebaselines > 0)).toBeGreaterThanOrEqual(1);
    expect(count((s) => s.returns > 0)).toBeGreaterThanOrEqual(3);
    expect(count((s) => s.delays > 0)).toBeGreaterThanOrEqual(10);
    expect(count((s) => s.indicators.some((i) => i.actual !== null))).toBeGreaterThanOrEqual(20);
  });

  it('marks every text as simulated (模拟数据) and files some reports late (补报)', () => {
    const texts = script.actions.flatMap((a) =>
      Object.entries(a.command.data)
        .filter(([k, v]) => ['narrative', 'reason', 'note'].includes(k) && typeof v === 'string')
        .map(([, v]) => v as string),
    );
    expect(texts.length).toBeGreaterThan(1000);
    for (const t of texts) expect(t.startsWith(SIMULATED_MARK)).toBe(true);
    const lateFiled = script.actions.filter((a) => a.fileAt !== a.command.occurredAt);
    expect(lateFiled.length).toBeGreaterThanOrEqual(10);
    for (const a of lateFiled) {
      expect(Date.parse(a.fileAt) - Date.parse(a.command.occurredAt)).toBeGreaterThan(30 * 86_400_000);
    }
    const types = new Set(script.actions.map((a) => a.command.type));
    expect([...types].sort()).toEqual(
      [
        'AcceptCompletion',
        'CancelMilestone',
        'RebaselineDueDate',
        'ReportDelay',
        'ReportProgress',
        'ReturnCompletion',
        'ReviseIndicatorTarget',
        'SubmitCompletion',
      ].sort(),
    );
  });
});
