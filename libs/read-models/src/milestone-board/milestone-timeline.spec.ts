import {
  healthAt,
  healthHistory,
  type FactsSnapshot,
  type MilestoneEvent,
  workingCalendar,
} from '@app/milestones';
import { addDays, type HealthThresholds } from '@app/platform';
import { randomMilestoneStream, seededRandom, type RandomStreamEvent } from '../testing';
import {
  batches,
  codesOf,
  MemoryProjection,
  oracleFacts,
  oracleTimelines,
  select,
  toTimelineEvents,
} from '../testing/timeline-oracle';
import { factsOf } from './facts-state';
import { HEALTH_HORIZON, stepAt, stepsOf, type TimelineRules } from './health-steps';
import { PlanDays } from './plan-days';

const THRESHOLDS: HealthThresholds = {
  redBelow: 0.85,
  amberBelow: 0.95,
  amberDueWithinWorkingDays: 10,
  reportCadenceDays: 31,
};
const HOLIDAYS = ['2020-10-01', '2020-10-02', '2021-02-11', '2021-02-12', '2021-10-01', '2022-06-03'];
const days = new PlanDays('Asia/Shanghai');
const RULES: TimelineRules = {
  thresholds: THRESHOLDS,
  calendar: workingCalendar(HOLIDAYS),
  dayOf: (ms) => days.dayOf(ms),
};

describe('MilestoneTimeline', () => {
  it('answers any (asOf, knownAt) for every assignment exactly as the domain fold and healthHistory do', () => {
    const rng = seededRandom(42);
    let checks = 0;
    let multi = 0;
    for (let m = 0; m < 90; m++) {
      const leads = m % 3 === 0 ? 1 : 2 + Math.floor(rng() * 6);
      const events = toTimelineEvents(
        randomMilestoneStream(rng, {
          milestoneId: `m${m}`,
          events: 18 + leads * 2,
          backdatedShare: 0.2,
          leads,
          ...(m % 9 === 4 ? { leadMode: 'jointly' as const } : {}),
        }),
        days,
      );
      const p = new MemoryProjection(`m${m}`, RULES);
      for (const batch of batches(rng, events)) p.run(batch);

      const timelines = new Map<number, Map<string, FactsSnapshot[]>>();
      const timelinesKnownAt = (k: number): Map<string, FactsSnapshot[]> => {
        let t = timelines.get(k);
        if (t === undefined) timelines.set(k, (t = oracleTimelines(events, k)));
        return t;
      };
      const knowns = [...events.map((e) => e.recordedMs), ...events.map((e) => e.recordedMs - 1), Infinity];
      for (let q = 0; q < 25; q++) {
        const knownMs = knowns[Math.floor(rng() * knowns.length)]!;
        const ev = events[Math.floor(rng() * events.length)]!;
        const asOf =
          rng() < 0.5
            ? addDays(ev.effectiveOn, Math.floor(rng() * 3) - 1)
            : addDays('2019-12-01', Math.floor(rng() * 1700));
        const expected = oracleFacts(events, asOf, knownMs);
        for (const key of p.versions.keys()) {
          const v = select(p.versions.get(key)!, asOf, knownMs);
          const want = expected.get(key);
          expect({ key, asOf, knownMs, found: v !== undefined }).toEqual({
            key,
            asOf,
            knownMs,
            found: want !== undefined,
          });
          if (v === undefined || want === undefined) continue;
          const facts = factsOf(v.state, v.redFlagIn);
          const { redFlagSince: _flag, ...plain } = facts;
          expect({ key, asOf, knownMs, facts: plain }).toEqual({ key, asOf, knownMs, facts: want });

          // Health on asOf: the version's steps, healthAt with the inherited flag, healthHistory over the timeline.
          const timeline = timelinesKnownAt(knownMs).get(key)!;
          const oracle = healthHistory(
            timeline,
            timeline[0]!.effectiveOn,
            asOf,
            THRESHOLDS,
            RULES.calendar,
          ).at(-1)!;
          const step = stepAt(stepsOf(v, RULES), asOf)!;
          const direct = healthAt(facts, asOf, THRESHOLDS, RULES.calendar);
          const health = { colour: oracle.colour, codes: codesOf(oracle) };
          expect({ key, asOf, step: { colour: step.colour, codes: step.codes } }).toEqual({
            key,
            asOf,
            step: health,
          });
          expect({ key, asOf, direct: { colour: direct.colour, codes: codesOf(direct) } }).toEqual({
            key,
            asOf,
            direct: health,
          });
          checks++;
          if (expected.size > 1) multi++;
        }
      }

      // The stored history (closed spans) plus the open span is the whole health history, per assignment.
      for (const [key, timeline] of timelinesKnownAt(Infinity)) {
        const oracle = healthHistory(
          timeline,
          timeline[0]!.effectiveOn,
          HEALTH_HORIZON,
          THRESHOLDS,
          RULES.calendar,
        );
        expect({ key, history: p.fullHistory(key) }).toEqual({
          key,
          history: oracle.map((c) => ({
            effectiveOn: c.effectiveOn,
            colour: c.colour,
            previousColour: c.previousColour,
            codes: codesOf(c),
          })),
        });
        // The reasons rendered from the version a stored change names are the rules' own.
        for (const h of p.history.get(key)?.values() ?? []) {
          const o = oracle.find((c) => c.effectiveOn === h.effectiveOn)!;
          const v = p.versions
            .get(key)!
            .find((x) => x.effectiveOn === h.versionOn && x.position === h.position)!;
          expect(
            healthAt(factsOf(v.state, v.redFlagIn), h.effectiveOn, THRESHOLDS, RULES.calendar).reasons,
          ).toEqual(o.reasons);
        }
      }
    }
    expect(checks).toBeGreaterThan(3000);
    expect(multi).toBeGreaterThan(1500);
  });

  it('writes one version per event when events arrive in date order, and one per later date for a backdated one', () => {
    const rng = seededRandom(3);
    const [planned] = randomMilestoneStream(rng, { milestoneId: 'x', events: 0 });
    const at = (
      iso: string,
      recorded: string,
      event: Omit<MilestoneEvent, 'occurredAt'>,
    ): RandomStreamEvent => ({
      event: { ...event, occurredAt: iso } as MilestoneEvent,
      recordedMs: Date.parse(recorded),
    });
    const events = toTimelineEvents(
      [
        planned!,
        at('2021-03-01T02:00:00Z', '2021-03-01T03:00:00Z', {
          type: 'ProgressReported',
          data: { percent: 20, narrative: '—' },
        }),
        at('2021-05-01T02:00:00Z', '2021-05-01T03:00:00Z', {
          type: 'ProgressReported',
          data: { percent: 40, narrative: '—' },
        }),
        at('2021-04-01T02:00:00Z', '2021-06-01T03:00:00Z', {
          type: 'ProgressReported',
          data: { percent: 30, narrative: '—' },
        }),
      ],
      days,
    );
    const p = new MemoryProjection('x', RULES);
    for (const e of events) p.run([e]);
    const [versions] = [...p.versions.values()];
    expect(versions!.map((v) => [v.effectiveOn, v.state.percent, v.state.lastReportOn])).toEqual([
      ['2020-01-01', null, null],
      ['2021-03-01', 20, '2021-03-01'],
      ['2021-05-01', 40, '2021-05-01'],
      // The backdated report: a version on its own date and a new one for the later date.
      ['2021-04-01', 30, '2021-04-01'],
      ['2021-05-01', 40, '2021-05-01'],
    ]);
    const june = Date.parse('2021-05-15T00:00:00Z');
    expect(select(versions!, '2021-04-15', june)?.state.percent).toBe(20); // not known yet on May 15
    expect(select(versions!, '2021-04-15', Infinity)?.state.percent).toBe(30);
  });

  it('writes versions of the assignment an event concerns only; a 销号 with nothing awaiting it writes nothing', () => {
    const planned: RandomStreamEvent = {
      recordedMs: Date.parse('2020-01-01T00:00:00Z'),
      event: {
        type: 'MilestonePlanned',
        occurredAt: '2019-12-31T16:00:00.000Z',
        data: {
          milestoneId: 'y',
          planKey: 'p',
          taskNo: 24,
          section: 5,
          taskTitle: 'T24',
          period: { from: 2021, to: 2021 },
          dueDate: '2021-12-31',
          text: '2021年',
          indicators: [],
          leadUnits: ['gov-a', 'gov-b'],
          leadMode: 'separately',
          cooperatingUnits: [],
          zones: [],
          districts: [],
        },
      },
    };
    const report = (day: string, assignment: string): RandomStreamEvent => ({
      recordedMs: Date.parse(`${day}T03:00:00Z`),
      event: {
        type: 'ProgressReported',
        data: { assignment, percent: 30, narrative: '—' },
        occurredAt: `${day}T02:00:00Z`,
      },
    });
    const p = new MemoryProjection('y', RULES);
    for (const e of toTimelineEvents(
      [
        planned,
        report('2021-03-01', 'gov-a'),
        report('2021-04-01', 'gov-b'),
        {
          recordedMs: Date.parse('2021-05-01T03:00:00Z'),
          event: { type: 'CompletionAccepted', data: {}, occurredAt: '2021-05-01T02:00:00Z' },
        },
      ],
      days,
    ))
      p.run([e]);
    const rows = (key: string) => p.versions.get(key)!.map((v) => [v.effectiveOn, v.state.percent]);
    expect(rows('gov-a')).toEqual([
      ['2020-01-01', null],
      ['2021-03-01', 30],
    ]);
    expect(rows('gov-b')).toEqual([
      ['2020-01-01', null],
      ['2021-04-01', 30],
    ]);
  });
});
