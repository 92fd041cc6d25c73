import type { HealthColour } from '../labels/milestone.labels';
import type { HealthThresholds, IsoDate } from '@app/platform';
import { dayNumber } from './calendar-days';
import { periodStart, type AssessmentFacts } from './milestone-facts';

/**
 * Health axis (健康度), derived at a date. Rules run in this order; the first tier that holds decides the colour,
 * and every reason of that tier that holds is listed:
 *
 *  1. red   `overdue`               past the due date and not accepted (a submitted claim included)
 *  2. grey  `no_recent_report`      no report for more than `reportCadenceDays` (the clock starts at the later
 *                                   of the last report and Jan 1 of the period, so nothing is grey before its
 *                                   period starts). It sits below overdue (a missed date is a fact, whatever
 *                                   the silence) and above the progress-based rules: with no news, a stale
 *                                   percentage compared with a growing expectation would turn every silent
 *                                   milestone red and hide the real failure, which is the silence.
 *  3. red   `behind_schedule`       percent < redBelow × expected
 *           `forecast_after_due`    the forecast completion date is after the due date
 *  4. amber `due_soon`              due within `amberDueWithinWorkingDays` working days, not submitted
 *           `slightly_behind`       redBelow × expected ≤ percent < amberBelow × expected
 *           `recovering_from_red`   was red (`redFlagSince`), caught up, not yet accepted
 *  5. green `not_started_yet`       planned and its period has not started
 *           `awaiting_acceptance`   submitted in time, waiting for the supervising office
 *           `on_track`              otherwise
 *
 * Rules 2–4 except `recovering_from_red` concern the owner's reporting, so they do not apply to a submitted
 * claim (the next move is the supervising office's). A missing percentage is not judged (silence is grey's job).
 *
 * Terminal lifecycles are not evaluated by the rules: accepted → green `accepted` (lateness is on the schedule
 * axis); cancelled / withdrawn → grey `cancelled` / `withdrawn`. Grey therefore means "no judgement": count
 * "no report" greys by the reason code `no_recent_report`, not by the colour alone.
 *
 * Expected progress is linear from Jan 1 of `period.from` (0 %) to the current due date (100 %).
 */
export { HEALTH_COLOURS, type HealthColour } from '../labels/milestone.labels';

export const HEALTH_REASON_CODES = [
  'overdue',
  'no_recent_report',
  'behind_schedule',
  'forecast_after_due',
  'due_soon',
  'slightly_behind',
  'recovering_from_red',
  'not_started_yet',
  'awaiting_acceptance',
  'on_track',
  'accepted',
  'cancelled',
  'withdrawn',
] as const;
export type HealthReasonCode = (typeof HEALTH_REASON_CODES)[number];

/** A reason as the rules establish it: its code and the figures behind it (no words yet). */
export interface HealthReasonFact {
  readonly code: HealthReasonCode;
  /** The figures behind the reason. */
  readonly detail?: Readonly<Record<string, string | number | null>>;
}

export interface HealthReason extends HealthReasonFact {
  /** For people, zh-CN. */
  readonly zh: string;
  readonly en: string;
}

/** The rules' answer: the colour and the facts of its reasons. `healthAt` adds the words. */
export interface HealthVerdict {
  readonly colour: HealthColour;
  readonly reasons: readonly HealthReasonFact[];
}

export interface HealthAssessment {
  readonly colour: HealthColour;
  readonly reasons: readonly HealthReason[];
}

/** Linear expected progress at asOf, in percent (0–100). */
export function expectedPercentAt(facts: Pick<AssessmentFacts, 'period' | 'dueDate'>, asOf: IsoDate): number {
  const start = dayNumber(periodStart(facts));
  return expectedPercentOnDay(dayNumber(asOf) - start, dayNumber(facts.dueDate) - start);
}

/**
 * Expected progress `elapsed` days into a period of `total` days (Jan 1 → due date). The single formula used
 * by both `healthAt` and the history's breakpoint search, so the two never disagree by rounding.
 */
export function expectedPercentOnDay(elapsed: number, total: number): number {
  if (total <= 0) return elapsed >= total ? 100 : 0;
  return (Math.min(Math.max(elapsed, 0), total) / total) * 100;
}

/** 0 = on pace (or nothing expected yet), 1 = slightly behind (amber), 2 = behind (red). */
export type ProgressLevel = 0 | 1 | 2;

/** How far reported progress lags the expectation. Shared with the history's breakpoint search. */
export function progressLevel(
  percent: number,
  expected: number,
  thresholds: HealthThresholds,
): ProgressLevel {
  if (expected <= 0) return 0;
  if (percent < thresholds.redBelow * expected) return 2;
  if (percent < thresholds.amberBelow * expected) return 1;
  return 0;
}

/** Date the report cadence counts from: the last report, but never before the period starts. */
export function reportCadenceReference(facts: AssessmentFacts): IsoDate {
  const start = periodStart(facts);
  return facts.lastReportOn !== null && facts.lastReportOn > start ? facts.lastReportOn : start;
}
