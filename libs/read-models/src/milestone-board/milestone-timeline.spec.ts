import { addDays, type HealthThresholds, type IsoDate } from '@app/platform';
import { fold, type MilestoneEvent } from '@app/milestones';
import { healthAt } from '../rules/health';
import { healthHistory, type FactsSnapshot } from '../rules/health-history';
import type { MilestoneFacts } from '../rules/milestone-facts';
import { workingCalendar } from '../rules/working-days';
import { randomMilestoneStream, seededRandom, type RandomStreamEvent } from '../testing';
import { factsOf } from './facts-state';
import {
  HEALTH_HORIZON,
  MilestoneTimeline,
  needsCompleteTimeline,
  stepAt,
  stepsOf,
  type HealthChangeRow,
  type HealthRef,
  type HealthStep,
  type TimelineEvent,
  type TimelineRules,
  type TimelineVersion,
} from './milestone-timeline';
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

/** What the projection keeps for one milestone, in memory: every version row, the history rows, the board. */
class MemoryProjection {
  readonly versions: TimelineVersion[] = [];
  readonly history = new Map<IsoDate, HealthChangeRow>();
  board:
    | {
        last: TimelineVersion;
        lastSteps: readonly HealthStep[];
        before: HealthRef | null;
        knownThroughMs: number;
      }
    | undefined;

  constructor(readonly id: string) {}

  current(): TimelineVersion[] {
    const byDate = new Map<IsoDate, TimelineVersion>();
    for (const v of this.versions) {
      const cur = byDate.get(v.effectiveOn);
      if (cur === undefined || v.position > cur.position) byDate.set(v.effectiveOn, v);
    }
    return [...byDate.values()].sort((a, b) => (a.effectiveOn < b.effectiveOn ? -1 : 1));
  }

  /** One batch, as the projection runs it: from the board row, or from every current version if needed. */
  run(events: readonly TimelineEvent[]): void {
    const b = this.board;
    const complete =
      b === undefined ||
      needsCompleteTimeline(
        b.last.effectiveOn,
        events.map((e) => e.effectiveOn),
      );
    // Copies, as rows read back from the database would be (no cached steps).
    const copy = (v: TimelineVersion): TimelineVersion => ({ ...v });
    const t = complete
      ? new MilestoneTimeline(this.id, this.current().map(copy), true, null, b?.knownThroughMs ?? 0)
      : new MilestoneTimeline(this.id, [copy(b.last)], false, b.before, b.knownThroughMs);
    for (const e of events) t.apply(e, RULES);
    const r = t.result(RULES);
    if (r === undefined) return;
    this.versions.push(...r.newVersions);
    if (r.historyFrom !== null) {
      for (const d of [...this.history.keys()]) if (d >= r.historyFrom) this.history.delete(d);
      for (const h of r.history) this.history.set(h.effectiveOn, h);
    }
    this.board = { last: r.last, lastSteps: r.lastSteps, before: r.before, knownThroughMs: r.knownThroughMs };
  }

  /** Stored changes plus the open span (the latest version's steps), as the health-history query reads them. */
  fullHistory(): { effectiveOn: IsoDate; colour: string; previousColour: string | null; codes: string }[] {
    const stored = [...this.history.values()].sort((a, b) => (a.effectiveOn < b.effectiveOn ? -1 : 1));
    const out = stored.map((h) => ({
      effectiveOn: h.effectiveOn,
      colour: h.colour,
      previousColour: h.previousColour,
      codes: h.codes,
    }));
    let ref: HealthRef | null = this.board?.before ?? null;
    for (const s of this.board?.lastSteps ?? []) {
      if (ref !== null && ref.colour === s.colour && ref.codes === s.codes) continue;
      out.push({ effectiveOn: s.on, colour: s.colour, previousColour: ref?.colour ?? null, codes: s.codes });
      ref = s;
    }
    return out;
  }
}

let position = 0;
function toTimelineEvents(stream: readonly RandomStreamEvent[]): TimelineEvent[] {
  return stream.map((s, i) => {
    const occurredMs = Date.parse(s.event.occurredAt);
    return {
      position: ++position,
      streamVersion: i + 1,
      event: s.event,
      occurredMs,
      recordedMs: s.recordedMs,
      effectiveOn: days.dayOf(occurredMs),
      backdated: s.event.backdated === true,
    };
  });
}

const domainFacts = (events: readonly MilestoneEvent[]): MilestoneFacts | null => {
  const s = fold(events);
  if (!s.exists) return null;
  return {
    period: s.period,
    baselineDueDate: s.baselineDueDate,
    dueDate: s.dueDate,
    lifecycle: s.lifecycle,
    percent: s.percent,
    forecastDate: s.forecastDate,
    lastReportOn: s.lastReportOn,
    submittedOn: s.submittedOn,
    acceptedOn: s.acceptedOn,
  };
};

/** The oracle: facts as of D known at K = the domain fold of the events with date ≤ D, recorded ≤ K. */
function oracleFacts(
  events: readonly TimelineEvent[],
  asOf: IsoDate,
  knownMs: number,
): MilestoneFacts | null {
  return domainFacts(
    events.filter((e) => e.recordedMs <= knownMs && e.effectiveOn <= asOf).map((e) => e.event),
  );
}

/** The oracle timeline known at K: a snapshot per distinct effective date. */
function oracleTimeline(events: readonly TimelineEvent[], knownMs: number): FactsSnapshot[] {
  const dates = [...new Set(events.filter((e) => e.recordedMs <= knownMs).map((e) => e.effectiveOn))].sort();
  const out: FactsSnapshot[] = [];
  for (const d of dates) {
    const facts = oracleFacts(events, d, knownMs);
    if (facts !== null) out.push({ effectiveOn: d, facts });
  }
  return out;
}

function select(
  versions: readonly TimelineVersion[],
  asOf: IsoDate,
  knownMs: number,
): TimelineVersion | undefined {
  let best: TimelineVersion | undefined;
  for (const v of versions) {
    if (v.effectiveOn > asOf || v.knownFromMs > knownMs) continue;
    if (
      best === undefined ||
      v.effectiveOn > best.effectiveOn ||
      (v.effectiveOn === best.effectiveOn && v.position > best.position)
    )
      best = v;
  }
  return best;
}

const codesOf = (h: { reasons: readonly { code: string }[] }) => h.reasons.map((r) => r.code).join(',');

/** Random batch boundaries, as a consumer with small batches and crashes would see them. */
function batches<T>(rng: () => number, xs: readonly T[]): T[][] {
  const out: T[][] = [];
  let i = 0;
  while (i < xs.length) {
    const n = 1 + Math.floor(rng() * 6);
    out.push(xs.slice(i, i + n));
    i += n;
  }
  return out;
}

describe('MilestoneTimeline', () => {
  it('answers any (asOf, knownAt) exactly as the domain fold and healthHistory do, on random streams', () => {
    const rng = seededRandom(42);
    let checks = 0;
    for (let m = 0; m < 70; m++) {
      const events = toTimelineEvents(
        randomMilestoneStream(rng, { milestoneId: `m${m}`, events: 18, backdatedShare: 0.2 }),
      );
      const p = new MemoryProjection(`m${m}`);
      for (const batch of batches(rng, events)) p.run(batch);

      const timelines = new Map<number, FactsSnapshot[]>();
      const timelineKnownAt = (k: number): FactsSnapshot[] => {
        let t = timelines.get(k);
        if (t === undefined) timelines.set(k, (t = oracleTimeline(events, k)));
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
        const v = select(p.versions, asOf, knownMs);
        if (expected === null) {
          expect(v).toBeUndefined();
          continue;
        }
        expect(v).toBeDefined();
        const facts = factsOf(v!.state, v!.redFlagIn);
        const { redFlagSince: _flag, ...plain } = facts;
        expect(plain).toEqual(expected);

        // Health on asOf: the version's steps, healthAt with the inherited flag, healthHistory over the timeline.
        const timeline = timelineKnownAt(knownMs);
        const oracle = healthHistory(timeline, timeline[0]!.effectiveOn, asOf, THRESHOLDS, RULES.calendar).at(
          -1,
        )!;
        const step = stepAt(stepsOf(v!, RULES), asOf)!;
        const direct = healthAt(facts, asOf, THRESHOLDS, RULES.calendar);
        expect({ colour: step.colour, codes: step.codes }).toEqual({
          colour: oracle.colour,
          codes: codesOf(oracle),
        });
        expect({ colour: direct.colour, codes: codesOf(direct) }).toEqual({
          colour: oracle.colour,
          codes: codesOf(oracle),
        });
        checks++;
      }

      // The stored history (closed spans) plus the open span is the whole health history.
      const timeline = timelineKnownAt(Infinity);
      const oracle = healthHistory(
        timeline,
        timeline[0]!.effectiveOn,
        HEALTH_HORIZON,
        THRESHOLDS,
        RULES.calendar,
      );
      expect(p.fullHistory()).toEqual(
        oracle.map((c) => ({
          effectiveOn: c.effectiveOn,
          colour: c.colour,
          previousColour: c.previousColour,
          codes: codesOf(c),
        })),
      );
      // The reasons rendered from the version a stored change names are the rules' own.
      for (const h of p.history.values()) {
        const o = oracle.find((c) => c.effectiveOn === h.effectiveOn)!;
        const v = p.versions.find((x) => x.effectiveOn === h.versionOn && x.position === h.position)!;
        expect(
          healthAt(factsOf(v.state, v.redFlagIn), h.effectiveOn, THRESHOLDS, RULES.calendar).reasons,
        ).toEqual(o.reasons);
      }
    }
    expect(checks).toBeGreaterThan(1000);
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
    const events = toTimelineEvents([
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
    ]);
    const p = new MemoryProjection('x');
    for (const e of events) p.run([e]);
    expect(p.versions.map((v) => [v.effectiveOn, v.state.percent, v.state.lastReportOn])).toEqual([
      ['2020-01-01', null, null],
      ['2021-03-01', 20, '2021-03-01'],
      ['2021-05-01', 40, '2021-05-01'],
      // The backdated report: a version on its own date and a new one for the later date.
      ['2021-04-01', 30, '2021-04-01'],
      ['2021-05-01', 40, '2021-05-01'],
    ]);
    const june = Date.parse('2021-05-15T00:00:00Z');
    expect(select(p.versions, '2021-04-15', june)?.state.percent).toBe(20); // not known yet on May 15
    expect(select(p.versions, '2021-04-15', Infinity)?.state.percent).toBe(30);
  });
});
