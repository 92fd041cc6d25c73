import type { MilestoneEvent } from '@app/milestones';
import type { IsoDate } from '@app/platform';
import { AssignmentTimeline, type TimelineResult, type VersionWrite } from './assignment-timeline';
import type { BoardAssignmentState } from './facts-state';
import type { TimelineRules } from './health-steps';
import { evolveMilestoneFacts, type BoardMilestoneState } from './milestone-facts-state';

/**
 * The bitemporal timeline of one milestone, per assignment, kept incrementally (pure; the projection does the I/O).
 *
 * Each event has an effective date D (the calendar day of `occurredAt` in the plan's time zone) and becomes
 * known at K (`recordedAt`). The facts of a milestone as of date D, as known at K, are the fold of the events
 * with effective date ≤ D and recorded ≤ K, in stream order — the same fold the domain uses, restricted.
 *
 * A *version* of an assignment is `(effectiveOn, position)` → its facts in that fold for `effectiveOn`, over the
 * stream up to `position`. The milestone's dates are those on which any of its assignments has a version. When
 * event j (position p) arrives with date d, the milestone's facts are evolved with j at d (from the versions in
 * force on d) and at each of its dates after d (j is the newest event, so it folds last: fold(S ∪ {j}) =
 * evolve(fold(S), j)), routing j by the domain's rule on the facts at each of those dates. The assignments j
 * concerns at any of them (plan events: all) get a new version at d and at each of those dates; the others keep
 * theirs. Normally d is the latest date, so that is one new version of one assignment; a backdated event writes a
 * new version for each later date; old versions stay, so "as known at K" still finds them. An event that concerns
 * no assignment (a 销号 with nothing awaiting it) writes nothing.
 *
 * Query (D, K), per assignment: the version with the greatest `effectiveOn` ≤ D among those known at K, and of
 * those the greatest position. Proof sketch: an event of that fold that the assignment's state depends on was
 * routed to it at the milestone's latest date ≤ D when it arrived (the facts there were the fold's), so it wrote a
 * version of this assignment there and at every later date, which makes a version at least as late as the one
 * picked; so the picked version has seen every such event, and the events it has not seen left the assignment
 * alone. `knownFrom` is the running maximum of `recordedAt` along the stream, so "known at K" is a prefix of the
 * stream even if the database clock ever stepped back. `milestone-timeline.spec.ts` checks all of this, with the
 * health (`health-steps.ts`), against the domain's fold and `healthHistory` on random streams.
 *
 * The stored health history of an assignment holds its changes before its latest version's date (closed spans);
 * the open span is the latest version's steps, kept on the board row and appended when the history is read.
 */

/** An event of this milestone's stream, ready for the timeline. */
export interface TimelineEvent {
  readonly position: number;
  readonly streamVersion: number;
  readonly event: MilestoneEvent;
  readonly occurredMs: number;
  readonly recordedMs: number;
  readonly effectiveOn: IsoDate;
  readonly backdated: boolean;
}

export interface AssignmentResult {
  readonly key: string;
  readonly leadUnits: readonly string[];
  /** Its place in the milestone's plan order. */
  readonly no: number;
  readonly result: TimelineResult;
}

export class MilestoneTimeline {
  /** In plan order (the domain's: the planned ones, then those a revision added). */
  private readonly order: AssignmentTimeline[];

  constructor(
    readonly milestoneId: string,
    assignments: readonly AssignmentTimeline[],
    private knownThroughMs: number,
  ) {
    this.order = [...assignments];
  }

  /** The latest date the milestone has a version on. */
  get lastOn(): IsoDate | null {
    let max: IsoDate | null = null;
    for (const a of this.order) {
      const on = a.lastOn;
      if (on !== null && (max === null || on > max)) max = on;
    }
    return max;
  }

  get knownThrough(): number {
    return this.knownThroughMs;
  }

  /** Applies one event; false when it concerned no assignment (nothing written). */
  apply(te: TimelineEvent, rules: TimelineRules): boolean {
    const fe = { event: te.event, occurredMs: te.occurredMs, backdated: te.backdated };
    const evolved: { on: IsoDate; assignments: BoardMilestoneState }[] = [];
    const concerned = new Set<string>();
    for (const on of this.datesFrom(te.effectiveOn)) {
      const r = evolveMilestoneFacts(this.factsOn(on), fe, rules.dayOf);
      for (const k of r.concerned) concerned.add(k);
      evolved.push({ on, assignments: r.assignments });
    }
    if (concerned.size === 0) return false;

    this.knownThroughMs = Math.max(this.knownThroughMs, te.recordedMs);
    const stamp = {
      position: te.position,
      knownFromMs: this.knownThroughMs,
      eventType: te.event.type,
      backdated: te.backdated,
      streamVersion: te.streamVersion,
    };
    // The assignments in the order the last evolution lists them (new ones come last, as in the domain).
    for (const state of evolved.at(-1)!.assignments) {
      if (!concerned.has(state.key)) continue;
      const writes: VersionWrite[] = [];
      for (const { on, assignments } of evolved) {
        const s = assignments.find((a) => a.key === state.key);
        if (s !== undefined) writes.push({ effectiveOn: on, state: s });
      }
      this.timelineOf(state).write(stamp, writes, rules);
    }
    return true;
  }

  /** What the batch changed, per assignment. */
  results(rules: TimelineRules): AssignmentResult[] {
    const out: AssignmentResult[] = [];
    this.order.forEach((a, no) => {
      const result = a.result(rules);
      if (result !== undefined) out.push({ key: a.key, leadUnits: a.leadUnits, no, result });
    });
    return out;
  }

  /** The event's date and every later date the milestone has a version on, ascending. */
  private datesFrom(on: IsoDate): IsoDate[] {
    const last = this.lastOn;
    if (last === null || on > last) return [on]; // the usual case: the event is the latest
    const dates = new Set<IsoDate>([on]);
    for (const a of this.order) for (const d of a.datesFrom(on)) dates.add(d);
    return [...dates].sort();
  }

  /** The milestone's facts in force on a date: every assignment that has a version by then, in plan order. */
  private factsOn(on: IsoDate): BoardAssignmentState[] {
    const out: BoardAssignmentState[] = [];
    for (const a of this.order) {
      const v = a.at(on);
      if (v !== undefined) out.push(v.state);
    }
    return out;
  }

  private timelineOf(state: BoardAssignmentState): AssignmentTimeline {
    let a = this.order.find((x) => x.key === state.key);
    if (a === undefined) {
      a = new AssignmentTimeline(state.key, state.leadUnits, [], true, null);
      this.order.push(a);
    }
    return a;
  }
}

/**
 * Whether a batch's events for one milestone need its complete timeline: one is dated before the latest
 * version (`lastOn`, from the board) or before an earlier event of the batch.
 */
export function needsCompleteTimeline(lastOn: IsoDate | null, dates: Iterable<IsoDate>): boolean {
  let max = lastOn;
  for (const d of dates) {
    if (max !== null && d < max) return true;
    if (max === null || d > max) max = d;
  }
  return false;
}
