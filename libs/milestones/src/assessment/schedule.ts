import type { ScheduleState } from '../labels/milestone.labels';
import { assertUnreachable, type IsoDate } from '@app/platform';
import { daysFromTo } from './calendar-days';
import type { AssessmentFacts } from './milestone-facts';

/**
 * Schedule axis (进度节点状态), derived at a date:
 * - `not_due` 未到期 · `due_soon` 即将到期 (within `dueSoonDays` calendar days, due date included, not submitted)
 * - `overdue` 已逾期: from the day *after* the due date until accepted (a submitted claim is not yet done)
 * - `completed_on_time` 按期完成 · `completed_late` 逾期完成: only once accepted (销号); the clock stops at
 *   the claimed completion date (`submittedOn`)
 * - `cancelled` 已取消: cancelled or withdrawn
 *
 * Lateness is measured against the current (possibly re-baselined) due date; `daysLateVsBaseline` measures
 * the same end point against the original plan, so a re-baseline never hides the slip from reports.
 */
export { SCHEDULE_STATES, type ScheduleState } from '../labels/milestone.labels';

export interface ScheduleOptions {
  /** `due_soon` when the due date is at most this many calendar days away. */
  readonly dueSoonDays: number;
}

export const DEFAULT_SCHEDULE_OPTIONS: ScheduleOptions = { dueSoonDays: 30 };

export interface ScheduleStatus {
  readonly state: ScheduleState;
  /** Current due date (re-baselined or not). */
  readonly dueDate: IsoDate;
  /** Original due date from the plan. */
  readonly baselineDueDate: IsoDate;
  /** The due date differs from the baseline. */
  readonly rebaselined: boolean;
  /** `not_due` / `due_soon`: calendar days until the due date (0 on the due date). */
  readonly daysToDue?: number;
  /** `overdue`: calendar days since the due date (1 on the day after). */
  readonly daysOverdue?: number;
  /**
   * `completed_late`: days from the due date to the completion date.
   * `overdue`: days late so far; for a submitted claim, measured to `submittedOn` (0 if submitted in time).
   */
  readonly daysLate?: number;
  /**
   * Days after the *baseline* due date of the completion date (accepted), the claimed date (submitted), or
   * `asOf` (still open); only set when positive.
   */
  readonly daysLateVsBaseline?: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Sets `daysLateVsBaseline` when `end` is after the baseline due date. */
function withLateVsBaseline(status: Mutable<ScheduleStatus>, end: IsoDate): ScheduleStatus {
  const n = daysFromTo(status.baselineDueDate, end);
  if (n > 0) status.daysLateVsBaseline = n;
  return status;
}

/** Days an open milestone is past its due date on `asOf`, 0 when it is not: the overdue rule (schedule and health). */
export function daysPastDue(dueDate: IsoDate, asOf: IsoDate): number {
  return Math.max(0, daysFromTo(dueDate, asOf));
}

export function scheduleAt(
  facts: AssessmentFacts,
  asOf: IsoDate,
  options: ScheduleOptions = DEFAULT_SCHEDULE_OPTIONS,
): ScheduleStatus {
  // Built field by field rather than with spreads: this runs for every evaluation of the health history.
  const status: Mutable<ScheduleStatus> = {
    state: 'not_due',
    dueDate: facts.dueDate,
    baselineDueDate: facts.baselineDueDate,
    rebaselined: facts.dueDate !== facts.baselineDueDate,
  };

  switch (facts.lifecycle) {
    case 'cancelled':
    case 'withdrawn':
      status.state = 'cancelled';
      return status;
    case 'accepted': {
      // The clock stops at the claimed completion date. An acceptance without a recorded claim falls back to
      // the acceptance date, then to asOf (the most conservative end point known).
      const completedOn = facts.submittedOn ?? facts.acceptedOn ?? asOf;
      const late = daysFromTo(facts.dueDate, completedOn);
      status.state = late > 0 ? 'completed_late' : 'completed_on_time';
      if (late > 0) status.daysLate = late;
      return withLateVsBaseline(status, completedOn);
    }
    case 'planned':
    case 'in_progress':
    case 'returned':
    case 'submitted': {
      const submitted = facts.lifecycle === 'submitted';
      const claimedOn = submitted ? facts.submittedOn : null;
      const pastDue = daysPastDue(facts.dueDate, asOf);
      if (pastDue > 0) {
        status.state = 'overdue';
        status.daysOverdue = pastDue;
        status.daysLate = claimedOn !== null ? Math.max(0, daysFromTo(facts.dueDate, claimedOn)) : pastDue;
      } else {
        const daysToDue = daysFromTo(asOf, facts.dueDate);
        status.state = !submitted && daysToDue <= options.dueSoonDays ? 'due_soon' : 'not_due';
        status.daysToDue = daysToDue;
      }
      return withLateVsBaseline(status, claimedOn ?? asOf);
    }
    default:
      return assertUnreachable(facts.lifecycle, 'milestone lifecycle');
  }
}
