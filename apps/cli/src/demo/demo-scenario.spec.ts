import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  assignmentPlans,
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
      assignments: assignmentPlans(t.leadUnitIds, t.leadMode),
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
      leadMode: m.assignments.length > 1 ? 'separately' : 'single',
      cooperatingUnits: m.cooperatingUnits,
      cityWide: true,
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

  /** Every command of the script in filing order through decide() (throws naming the action that fails). */
  function play(): Map<string, MilestoneState> {
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
    return states;
  }
  let states: Map<string, MilestoneState>;
  beforeAll(() => {
    states = play();
  });

  it('passes the domain rules: every command, in filing order, is accepted by decide()', () => {
    const finals = [...states.values()];
    const count = (f: (s: MilestoneState) => boolean) => finals.filter(f).length;
    const accepted = count((s) => s.lifecycle === 'accepted');
    const onTime = count((s) => s.lifecycle === 'accepted' && (s.submittedOn ?? '') <= s.dueDate);
    const late = count((s) => s.lifecycle === 'accepted' && (s.submittedOn ?? '') > s.dueDate);
    const open = count((s) => ['planned', 'in_progress', 'returned', 'submitted'].includes(s.lifecycle));
    // Many on time, some late, some missed (still open at the end), a few cancelled. A 分别牵头 milestone is
    // accepted on time only when every lead unit's share is, so fewer milestones than assignments are on time.
    expect(onTime).toBeGreaterThan(finals.length / 3);
    expect(late).toBeGreaterThanOrEqual(5);
    expect(open).toBeGreaterThanOrEqual(5);
    expect(accepted + open + count((s) => s.lifecycle === 'cancelled')).toBe(101);
    // Reports, delays, returns and re-baselines are per assignment (承办事项).
    const assignments = finals.flatMap((s) => s.assignments);
    const some = (f: (a: MilestoneState['assignments'][number]) => boolean) => assignments.filter(f).length;
    expect(some((a) => a.rebaselines > 0)).toBeGreaterThanOrEqual(1);
    expect(some((a) => a.returns > 0)).toBeGreaterThanOrEqual(3);
    expect(some((a) => a.delays > 0)).toBeGreaterThanOrEqual(10);
    expect(some((a) => a.indicators.some((i) => i.actual !== null))).toBeGreaterThanOrEqual(20);
  });

  it('simulates each assignment of a 分别牵头 milestone: each lead unit on its own share, some on time, some late', () => {
    const separately = milestones.filter((m) => m.assignments.length > 1);
    expect(separately.length).toBeGreaterThanOrEqual(10);
    const byId = new Map(separately.map((m) => [m.id, m]));
    for (const a of script.actions.filter((x) => byId.has(x.milestoneId))) {
      const named = (a.command.data as { assignment?: string }).assignment;
      // Every command names its assignment; a lead unit's reporter only ever acts on its own.
      expect(byId.get(a.milestoneId)!.assignments.map((x) => x.key)).toContain(named);
      if (a.actor.role === 'reporter' && byId.get(a.milestoneId)!.leadUnits.includes(a.actor.unit!)) {
        expect(named).toBe(a.actor.unit);
      }
      expect(a.key.startsWith(`${a.milestoneId}~${named}#`)).toBe(true);
    }
    // The supervisor's 销号 and 退回 name the assignment they verify.
    const verifications = script.actions.filter(
      (a) =>
        byId.has(a.milestoneId) &&
        (a.command.type === 'AcceptCompletion' || a.command.type === 'ReturnCompletion'),
    );
    expect(verifications.length).toBeGreaterThan(10);
    // Spread: milestones where one unit's share was accepted on time while another's was late or is still open.
    const spread = separately.filter((m) => {
      const parts = states.get(m.id)!.assignments;
      const onTime = parts.some((p) => p.lifecycle === 'accepted' && (p.submittedOn ?? '') <= p.dueDate);
      const behind = parts.some(
        (p) =>
          (p.lifecycle === 'accepted' && (p.submittedOn ?? '') > p.dueDate) || p.lifecycle !== 'accepted',
      );
      return onTime && behind;
    });
    expect(spread.length).toBeGreaterThanOrEqual(5);
    const fate = script.fates[spread[0]!.id]!;
    expect(Object.keys(fate.assignments ?? {})).toEqual(spread[0]!.assignments.map((a) => a.key));
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
