import {
  assignmentFacts,
  daysFromTo,
  MILESTONE_LIFECYCLE_LABELS_ZH,
  type AssignmentState,
  type MilestoneLifecycle,
  type MilestoneState,
} from '@app/milestones';
import type { IsoDate } from '@app/platform';
import { attainmentSummary, indicatorReviews } from './indicators';
import { classifyOutcome, OUTCOME_LABELS_ZH } from './outcome';
import { actorUnitLabel, quoteReasons } from './reasons';
import { dayOf } from './review-event';
import type { ReviewContext } from './review-context';
import type { RoutedEvent } from './routing';
import type { AssignmentReview, Cancellation, LaterCompletion, RebaselineEntry } from './review.types';

/** One assignment in three states: about the year now, as known at the year end, and now (for a later completion). */
export interface AssignmentStates {
  readonly milestone: MilestoneState;
  readonly assignment: AssignmentState;
  readonly yearEnd: AssignmentState | undefined;
  readonly current: AssignmentState | undefined;
}

export const concerning = <E extends RoutedEvent>(events: readonly E[], key: string): E[] =>
  events.filter((e) => e.assignments.includes(key));

/** Due-date moves about the year: from → to, why, by whom. */
export function rebaselinesOf(
  events: readonly RoutedEvent[],
  unitName: (id: string) => string,
): RebaselineEntry[] {
  return events.flatMap((e) =>
    e.event.type === 'DueDateRebaselined'
      ? [
          {
            assignments: e.assignments,
            from: e.event.data.previousDueDate,
            to: e.event.data.newDueDate,
            reason: e.event.data.reason,
            on: dayOf(e.event.occurredAt),
            unit: actorUnitLabel(e.actor, unitName),
          },
        ]
      : [],
  );
}

/** Why and when it was cancelled or withdrawn (the domain's state), and by whom (the event that closed it last). */
export function cancellationOf(
  s: { lifecycle: MilestoneLifecycle; closedReason: string | null; closedOn: IsoDate | null },
  events: readonly RoutedEvent[],
  unitName: (id: string) => string,
): Cancellation | null {
  if (s.lifecycle !== 'cancelled' && s.lifecycle !== 'withdrawn') return null;
  const closing = events.findLast(
    (e) =>
      e.event.type === 'MilestoneCancelled' ||
      e.event.type === 'MilestoneWithdrawn' ||
      e.event.type === 'MilestoneRevised',
  );
  return {
    reason: s.closedReason ?? '',
    on: s.closedOn ?? '',
    unit: closing === undefined ? '—' : actorUnitLabel(closing.actor, unitName),
  };
}

/** A completion claimed for a day after the year (accepted or awaiting verification). */
export function laterCompletionOf(
  s: Pick<AssignmentState, 'lifecycle' | 'submittedOn' | 'dueDate'> | undefined,
  asOf: IsoDate,
): LaterCompletion | null {
  if (s === undefined || (s.lifecycle !== 'accepted' && s.lifecycle !== 'submitted')) return null;
  if (s.submittedOn === null || s.submittedOn <= asOf) return null;
  return {
    completedOn: s.submittedOn,
    accepted: s.lifecycle === 'accepted',
    daysLate: Math.max(0, daysFromTo(s.dueDate, s.submittedOn)),
  };
}

/** Each lead unit's own outcome: its lifecycle, claims, reports, indicators and reasons, from its own events. */
export function reviewAssignment(
  states: AssignmentStates,
  events: { readonly known: readonly RoutedEvent[]; readonly aboutYear: readonly RoutedEvent[] },
  ctx: ReviewContext,
): AssignmentReview {
  const { milestone, assignment: a } = states;
  const judged = classifyOutcome(assignmentFacts(milestone, a), a.indicators, ctx.asOf, ctx.year);
  const yearEnd = states.yearEnd ?? a;
  const yearEndOutcome = classifyOutcome(
    assignmentFacts(milestone, yearEnd),
    yearEnd.indicators,
    ctx.asOf,
    ctx.year,
  ).outcome;
  const own = concerning(events.aboutYear, a.key);
  const indicators = indicatorReviews(milestone.milestoneId, a);
  return {
    key: a.key,
    leadUnitIds: a.leadUnits,
    leadUnits: a.leadUnits.map(ctx.unitName),
    outcome: judged.outcome,
    outcomeLabel: OUTCOME_LABELS_ZH[judged.outcome],
    lifecycle: a.lifecycle,
    lifecycleLabel: MILESTONE_LIFECYCLE_LABELS_ZH[a.lifecycle],
    dueDate: a.dueDate,
    completedOn: judged.completedOn,
    acceptedOn: a.lifecycle === 'accepted' ? a.acceptedOn : null,
    daysLate: judged.daysLate,
    daysLateVsBaseline: judged.daysLateVsBaseline,
    percent: a.percent,
    ...attainmentSummary(indicators),
    indicators,
    rebaselines: rebaselinesOf(own, ctx.unitName),
    cancellation: cancellationOf(a, own, ctx.unitName),
    reasons: quoteReasons(
      milestone.milestoneId,
      concerning(events.known, a.key),
      ctx.unitName,
      ctx.yearEndMs,
    ),
    lastReportOn: a.lastReportOn,
    reports: a.reports,
    yearEndOutcome,
    laterCompletion: laterCompletionOf(states.current ?? a, ctx.asOf),
  };
}
