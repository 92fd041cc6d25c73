import type { AssignmentState } from '../domain/state/assignment';
import type { MilestoneState } from '../domain/state/milestone-state';
import type { HealthColour } from './health';
import type { AssessmentFacts } from './milestone-facts';
import type { ScheduleState } from './schedule';

/**
 * What the rules judge of one assignment (承办事项): its own lifecycle, reports, due date and claims, against the
 * milestone's period and baseline. Every consumer (read models, alerts, reviews) judges assignments through this.
 */
export function assignmentFacts(
  milestone: Pick<MilestoneState, 'period' | 'baselineDueDate'>,
  a: AssignmentState,
  redFlagSince: AssessmentFacts['redFlagSince'] = null,
): AssessmentFacts {
  return {
    period: milestone.period,
    baselineDueDate: milestone.baselineDueDate,
    dueDate: a.dueDate,
    lifecycle: a.lifecycle,
    percent: a.percent,
    forecastDate: a.forecastDate,
    lastReportOn: a.lastReportOn,
    submittedOn: a.submittedOn,
    acceptedOn: a.acceptedOn,
    redFlagSince,
  };
}

/**
 * A milestone is as late and as unhealthy as its worst live assignment. Ranks, worst first: what a milestone with
 * several assignments shows (`worstOf`). Cancelled counts only when every assignment is cancelled.
 */
export const SCHEDULE_SEVERITY: readonly ScheduleState[] = [
  'overdue',
  'due_soon',
  'completed_late',
  'not_due',
  'completed_on_time',
  'cancelled',
];

/** Red, then grey (silence within the cadence), then amber, then green. */
export const HEALTH_SEVERITY: readonly HealthColour[] = ['red', 'grey', 'amber', 'green'];

/** The worst of some values by a severity order (the first listed is the worst); undefined for none. */
export function worstOf<T>(severity: readonly T[], values: Iterable<T>): T | undefined {
  let worst: T | undefined;
  let rank = Number.POSITIVE_INFINITY;
  for (const v of values) {
    const r = severity.indexOf(v);
    if (r >= 0 && r < rank) {
      rank = r;
      worst = v;
    }
  }
  return worst;
}
