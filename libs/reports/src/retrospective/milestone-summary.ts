import {
  expectedPercentAt,
  MILESTONE_EVENT_LABELS_ZH,
  MILESTONE_LIFECYCLE_LABELS_ZH,
  type MilestoneLifecycle,
  type MilestoneState,
} from '@app/milestones';
import type { IsoDate } from '@app/platform';
import { cancellationOf, laterCompletionOf, rebaselinesOf } from './assignment-review';
import { attainmentSummary, round } from './indicators';
import { countOutcomes, OUTCOME_LABELS_ZH, worstOutcome, type Outcome } from './outcome';
import { actorUnitLabel, quoteReasons, reportSummary } from './reasons';
import { isPlanEvent } from './review-event';
import type { ReviewContext } from './review-context';
import type { RoutedEvent } from './routing';
import type { AssignmentReview, LateReport, MilestoneReview, MultiYearProgress } from './review.types';

const latest = (days: readonly (IsoDate | null)[]): IsoDate | null =>
  days.reduce<IsoDate | null>((m, d) => (d !== null && (m === null || d > m) ? d : m), null);
const largest = (values: readonly (number | null)[]): number | null =>
  values.reduce<number | null>((m, v) => (v !== null && (m === null || v > m) ? v : m), null);
const DONE: ReadonlySet<Outcome> = new Set(['met_on_time', 'met_late', 'awaiting_verification']);
const isReport = (e: RoutedEvent): boolean =>
  e.event.type === 'ProgressReported' ||
  e.event.type === 'DelayReported' ||
  e.event.type === 'CompletionSubmitted';

/**
 * The milestone's outcome: cancelled when it is (cancelled as a whole, its accepted shares met in their units' own
 * counts), else its assignments' worst.
 */
const outcomeOf = (lifecycle: MilestoneLifecycle, outcomes: readonly Outcome[]): Outcome =>
  lifecycle === 'cancelled' ? 'cancelled' : worstOutcome(outcomes);

/** The reviewed milestone as its assignments make it: their worst outcome and its counts, never an average. */
export function milestoneReview(
  s: MilestoneState,
  current: MilestoneState,
  assignments: readonly AssignmentReview[],
  events: { readonly known: readonly RoutedEvent[]; readonly aboutYear: readonly RoutedEvent[] },
  ctx: ReviewContext & { readonly carriedOver: boolean; readonly yearEndLifecycle: MilestoneLifecycle },
): MilestoneReview {
  const outcome = outcomeOf(
    s.lifecycle,
    assignments.map((a) => a.outcome),
  );
  const done = DONE.has(outcome) ? assignments.filter((a) => a.outcome !== 'cancelled') : [];
  const indicators = assignments.flatMap((a) => a.indicators);
  return {
    milestoneId: s.milestoneId,
    section: s.section,
    taskNo: s.taskNo,
    taskTitle: s.taskTitle,
    text: s.text,
    period: s.period,
    zones: s.zones,
    districts: s.districts,
    cityWide: s.cityWide,
    leadMode: s.leadMode,
    leadUnits: s.leadUnits.map(ctx.unitName),
    cooperatingUnits: s.cooperatingUnits.map(ctx.unitName),
    baselineDueDate: s.baselineDueDate,
    dueDate: s.dueDate,
    carriedOver: ctx.carriedOver,
    outcome,
    outcomeLabel: OUTCOME_LABELS_ZH[outcome],
    assignmentCounts: countOutcomes(assignments),
    lifecycle: s.lifecycle,
    lifecycleLabel: MILESTONE_LIFECYCLE_LABELS_ZH[s.lifecycle],
    completedOn: latest(done.map((a) => a.completedOn)),
    acceptedOn: s.lifecycle === 'accepted' ? s.acceptedOn : null,
    daysLate: largest(done.map((a) => a.daysLate)),
    daysLateVsBaseline: largest(done.map((a) => a.daysLateVsBaseline)),
    percent: s.percent,
    percentRange: s.percentRange,
    ...attainmentSummary(indicators),
    indicators,
    rebaselines: rebaselinesOf(events.aboutYear, ctx.unitName),
    cancellation: cancellationOf(s, events.aboutYear, ctx.unitName),
    reasons: quoteReasons(s.milestoneId, events.known, ctx.unitName, ctx.yearEndMs),
    lastReportOn: latest(assignments.map((a) => a.lastReportOn)),
    reports: events.aboutYear.filter(isReport).length,
    alertsRaised: ctx.alertsRaised(s.milestoneId),
    yearEndOutcome: outcomeOf(
      ctx.yearEndLifecycle,
      assignments.map((a) => a.yearEndOutcome),
    ),
    laterCompletion: laterCompletionOf(current, ctx.asOf),
    assignments,
  };
}

/** A milestone due after this year: its progress so far against the linear expectation. */
export function multiYearProgress(
  s: MilestoneState,
  aboutYear: readonly RoutedEvent[],
  ctx: ReviewContext,
): MultiYearProgress {
  return {
    milestoneId: s.milestoneId,
    section: s.section,
    taskNo: s.taskNo,
    taskTitle: s.taskTitle,
    text: s.text,
    period: s.period,
    dueDate: s.dueDate,
    leadUnits: s.leadUnits.map(ctx.unitName),
    lifecycle: s.lifecycle,
    lifecycleLabel: MILESTONE_LIFECYCLE_LABELS_ZH[s.lifecycle],
    percent: s.percent,
    percentRange: s.percentRange,
    expectedPercent: round(expectedPercentAt({ period: s.period, dueDate: s.dueDate }, ctx.asOf), 1),
    lastReportOn: latest(s.assignments.map((a) => a.lastReportOn)),
    forecastDate: latest(s.assignments.map((a) => a.forecastDate)),
    delays: aboutYear.filter((e) => e.event.type === 'DelayReported').length,
  };
}

/** The reports about the year that were recorded after its end. */
export function lateReportsOf(
  milestoneId: string,
  aboutYear: readonly RoutedEvent[],
  ctx: ReviewContext,
): LateReport[] {
  return aboutYear.flatMap((e) =>
    isPlanEvent(e.event) || e.recordedMs < ctx.yearEndMs
      ? []
      : [
          {
            milestoneId,
            assignments: e.assignments,
            type: e.event.type,
            label: MILESTONE_EVENT_LABELS_ZH[e.event.type],
            summary: reportSummary(e.event),
            occurredAt: e.event.occurredAt,
            recordedAt: new Date(e.recordedMs).toISOString(),
            unit: actorUnitLabel(e.actor, ctx.unitName),
            reportedBy: e.actor?.tokenName ?? null,
          },
        ],
  );
}
