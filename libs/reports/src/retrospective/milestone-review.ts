import { assignmentOf, fold, type MilestoneLifecycle, type MilestoneState } from '@app/milestones';
import { reviewAssignment } from './assignment-review';
import { lateReportsOf, milestoneReview, multiYearProgress } from './milestone-summary';
import { isPlanEvent, type ReviewEvent } from './review-event';
import type { ReviewContext } from './review-context';
import { aboutPeriodUpTo, routeEvents, type RoutedEvent } from './routing';
import type { LateReport, MilestoneReview, MultiYearProgress } from './review.types';

export type MilestoneYearResult =
  | { readonly kind: 'due'; readonly review: MilestoneReview; readonly lateReports: readonly LateReport[] }
  | { readonly kind: 'in_progress'; readonly progress: MultiYearProgress }
  | { readonly kind: 'none' };

const yearOf = (d: string): number => Number(d.slice(0, 4));
const foldOf = (events: readonly ReviewEvent[]): MilestoneState => fold(events.map((e) => e.event));
const stillOpen = (l: MilestoneLifecycle): boolean =>
  l === 'planned' || l === 'in_progress' || l === 'returned';

/** The stream as known at `knownAtMs`: the plan events always, the reports recorded by then. */
export function knownEvents(
  stream: readonly ReviewEvent[],
  knownAtMs: number | null,
): readonly ReviewEvent[] {
  return knownAtMs === null
    ? stream
    : stream.filter((e) => isPlanEvent(e.event) || e.recordedMs <= knownAtMs);
}

/** The plan's years a stream makes reviewable: the years its milestone and assignments are due in. */
export function dueYears(known: readonly ReviewEvent[]): number[] {
  const rebaselined = known.some((e) => e.event.type === 'DueDateRebaselined');
  const s = foldOf(rebaselined ? known : known.filter((e) => isPlanEvent(e.event)));
  if (!s.exists) return [];
  return [...new Set([s.baselineDueDate, ...s.assignments.map((a) => a.dueDate)].map(yearOf))];
}

/**
 * The assignments a milestone planned for an earlier year brings into this one: still open on 31 December of the
 * year before and moved (re-baselined) into this year or later.
 */
function carriedOverKeys(routed: readonly RoutedEvent[], s: MilestoneState, ctx: ReviewContext): string[] {
  const endOfPrevious = `${String(ctx.year - 1).padStart(4, '0')}-12-31`;
  const prev = foldOf(aboutPeriodUpTo(routed, ctx.previousYearEndMs, endOfPrevious));
  return s.assignments
    .filter((a) => {
      const before = assignmentOf(prev, a.key);
      return before !== undefined && stillOpen(before.lifecycle) && yearOf(a.dueDate) >= ctx.year;
    })
    .map((a) => a.key);
}

/**
 * Reviews one milestone stream (as known at `knownAtMs`) for a year: whether it belongs to the year (due in it by
 * the plan, or carried into it by a re-baseline while still open), each assignment's outcome as of 31 December now
 * and as known at the year end, and the milestone as the worst of them; or its progress when it is due later.
 */
export function reviewMilestone(stream: readonly ReviewEvent[], ctx: ReviewContext): MilestoneYearResult {
  const known = knownEvents(stream, ctx.knownAtMs);
  // The plan events alone say which year the milestone belongs to: no need to fold the reports of milestones of
  // other years (folding is the costly part).
  const planned = foldOf(known.filter((e) => isPlanEvent(e.event)));
  if (!planned.exists) return { kind: 'none' };
  const baselineYear = yearOf(planned.baselineDueDate);
  const { year } = ctx;
  if (planned.period.from > year && baselineYear > year) return { kind: 'none' };
  if (baselineYear < year && !known.some((e) => e.event.type === 'DueDateRebaselined')) {
    return { kind: 'none' };
  }
  const { state: current, routed } = routeEvents(known);
  const aboutYear = aboutPeriodUpTo(routed, ctx.asOfEndMs, ctx.asOf);
  const s = foldOf(aboutYear);
  if (baselineYear > year) return { kind: 'in_progress', progress: multiYearProgress(s, aboutYear, ctx) };
  const carriedOver = baselineYear < year;
  const keys = carriedOver ? carriedOverKeys(routed, s, ctx) : s.assignments.map((a) => a.key);
  if (keys.length === 0) return { kind: 'none' };
  return { kind: 'due', ...dueReview({ s, current, routed, aboutYear, keys, carriedOver }, ctx) };
}

function dueReview(
  r: {
    readonly s: MilestoneState;
    readonly current: MilestoneState;
    readonly routed: readonly RoutedEvent[];
    readonly aboutYear: readonly RoutedEvent[];
    readonly keys: readonly string[];
    readonly carriedOver: boolean;
  },
  ctx: ReviewContext,
): { review: MilestoneReview; lateReports: readonly LateReport[] } {
  // What was known at the year end: the same events unless some about the year were recorded after it.
  const knownAtYearEnd = aboutPeriodUpTo(
    r.routed.filter((e) => isPlanEvent(e.event) || e.recordedMs < ctx.yearEndMs),
    ctx.asOfEndMs,
    ctx.asOf,
  );
  const sameAsNow =
    knownAtYearEnd.length === r.aboutYear.length && knownAtYearEnd.every((e, i) => e === r.aboutYear[i]);
  const sYearEnd = sameAsNow ? r.s : foldOf(knownAtYearEnd);
  const reviewed = (e: RoutedEvent) => e.assignments.some((k) => r.keys.includes(k));
  const events = { known: r.routed.filter(reviewed), aboutYear: r.aboutYear.filter(reviewed) };
  const assignments = r.keys.map((key) =>
    reviewAssignment(
      {
        milestone: r.s,
        assignment: assignmentOf(r.s, key)!,
        yearEnd: assignmentOf(sYearEnd, key),
        current: assignmentOf(r.current, key),
      },
      events,
      ctx,
    ),
  );
  return {
    review: milestoneReview(r.s, r.current, assignments, events, {
      ...ctx,
      carriedOver: r.carriedOver,
      yearEndLifecycle: sYearEnd.lifecycle,
    }),
    lateReports: lateReportsOf(r.s.milestoneId, events.aboutYear, ctx),
  };
}
