import { assignmentFacts, fold, type FactsSnapshot, type AssessmentFacts } from '@app/milestones';
import type { IsoDate } from '@app/platform';
import {
  AssignmentTimeline,
  type HealthChangeRow,
  type TimelineVersion,
} from '../milestone-board/assignment-timeline';
import type { HealthRef, HealthStep, TimelineRules } from '../milestone-board/health-steps';
import {
  MilestoneTimeline,
  needsCompleteTimeline,
  type TimelineEvent,
} from '../milestone-board/milestone-timeline';
import type { PlanDays } from '../milestone-board/plan-days';
import type { RandomStreamEvent } from './random-milestone-streams';

/*
 * What the timeline's tests compare with: the projection's rows kept in memory (as its batches would write them),
 * and the oracle — the domain's fold of the events dated ≤ D and recorded ≤ K.
 */

export interface Board {
  readonly key: string;
  readonly leadUnits: readonly string[];
  readonly no: number;
  readonly last: TimelineVersion;
  readonly lastSteps: readonly HealthStep[];
  readonly before: HealthRef | null;
}

/** What the projection keeps for one milestone, in memory: per assignment every version row, the history, the board. */
export class MemoryProjection {
  readonly versions = new Map<string, TimelineVersion[]>();
  readonly history = new Map<string, Map<IsoDate, HealthChangeRow>>();
  readonly boards = new Map<string, Board>();
  private knownThroughMs = 0;

  constructor(
    readonly id: string,
    private readonly rules: TimelineRules,
  ) {}

  current(key: string): TimelineVersion[] {
    const byDate = new Map<IsoDate, TimelineVersion>();
    for (const v of this.versions.get(key) ?? []) {
      const cur = byDate.get(v.effectiveOn);
      if (cur === undefined || v.position > cur.position) byDate.set(v.effectiveOn, v);
    }
    return [...byDate.values()].sort((a, b) => (a.effectiveOn < b.effectiveOn ? -1 : 1));
  }

  /** One batch, as the projection runs it: from the board rows, or from every current version if needed. */
  run(events: readonly TimelineEvent[]): void {
    const boards = [...this.boards.values()].sort((a, b) => a.no - b.no);
    const lastOn = boards.reduce<IsoDate | null>(
      (m, b) => (m === null || b.last.effectiveOn > m ? b.last.effectiveOn : m),
      null,
    );
    const complete =
      boards.length === 0 ||
      needsCompleteTimeline(
        lastOn,
        events.map((e) => e.effectiveOn),
      );
    // Copies, as rows read back from the database would be (no cached steps).
    const copy = (v: TimelineVersion): TimelineVersion => ({ ...v, steps: undefined });
    const t = new MilestoneTimeline(
      this.id,
      boards.map(
        (b) =>
          new AssignmentTimeline(
            b.key,
            b.leadUnits,
            complete ? this.current(b.key).map(copy) : [copy(b.last)],
            complete,
            complete ? null : b.before,
          ),
      ),
      this.knownThroughMs,
    );
    for (const e of events) t.apply(e, this.rules);
    for (const { key, leadUnits, no, result: r } of t.results(this.rules)) {
      this.versions.set(key, [...(this.versions.get(key) ?? []), ...r.newVersions]);
      const h = this.history.get(key) ?? new Map<IsoDate, HealthChangeRow>();
      for (const d of [...h.keys()])
        if (r.rewritesHistory || (r.historyFrom !== null && d >= r.historyFrom)) h.delete(d);
      for (const c of r.history) h.set(c.effectiveOn, c);
      this.history.set(key, h);
      this.boards.set(key, { key, leadUnits, no, last: r.last, lastSteps: r.lastSteps, before: r.before });
    }
    this.knownThroughMs = t.knownThrough;
  }

  /** Stored changes plus the open span (the latest version's steps), as the health-history query reads them. */
  fullHistory(
    key: string,
  ): { effectiveOn: IsoDate; colour: string; previousColour: string | null; codes: string }[] {
    const stored = [...(this.history.get(key)?.values() ?? [])].sort((a, b) =>
      a.effectiveOn < b.effectiveOn ? -1 : 1,
    );
    const out = stored.map((h) => ({
      effectiveOn: h.effectiveOn,
      colour: h.colour,
      previousColour: h.previousColour,
      codes: h.codes,
    }));
    const board = this.boards.get(key);
    let ref: HealthRef | null = board?.before ?? null;
    for (const s of board?.lastSteps ?? []) {
      if (ref !== null && ref.colour === s.colour && ref.codes === s.codes) continue;
      out.push({ effectiveOn: s.on, colour: s.colour, previousColour: ref?.colour ?? null, codes: s.codes });
      ref = s;
    }
    return out;
  }
}

let position = 0;
/** Events of one stream with positions after every other stream's so far. */
export function toTimelineEvents(stream: readonly RandomStreamEvent[], days: PlanDays): TimelineEvent[] {
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

/** The oracle: each assignment's facts as of D known at K = the domain fold of the events dated ≤ D, recorded ≤ K. */
export function oracleFacts(
  events: readonly TimelineEvent[],
  asOf: IsoDate,
  knownMs: number,
): Map<string, AssessmentFacts> {
  const s = fold(events.filter((e) => e.recordedMs <= knownMs && e.effectiveOn <= asOf).map((e) => e.event));
  const out = new Map<string, AssessmentFacts>();
  if (!s.exists) return out;
  for (const a of s.assignments) {
    const { redFlagSince: _none, ...facts } = assignmentFacts(s, a);
    out.set(a.key, facts);
  }
  return out;
}

/** The oracle timelines known at K, per assignment: a snapshot per distinct effective date. */
export function oracleTimelines(
  events: readonly TimelineEvent[],
  knownMs: number,
): Map<string, FactsSnapshot[]> {
  const dates = [...new Set(events.filter((e) => e.recordedMs <= knownMs).map((e) => e.effectiveOn))].sort();
  const out = new Map<string, FactsSnapshot[]>();
  for (const d of dates) {
    for (const [key, facts] of oracleFacts(events, d, knownMs)) {
      out.set(key, [...(out.get(key) ?? []), { effectiveOn: d, facts }]);
    }
  }
  return out;
}

export function select(
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

export const codesOf = (h: { reasons: readonly { code: string }[] }) =>
  h.reasons.map((r) => r.code).join(',');

/** Random batch boundaries, as a consumer with small batches and crashes would see them. */
export function batches<T>(rng: () => number, xs: readonly T[]): T[][] {
  const out: T[][] = [];
  let i = 0;
  while (i < xs.length) {
    const n = 1 + Math.floor(rng() * 6);
    out.push(xs.slice(i, i + n));
    i += n;
  }
  return out;
}
