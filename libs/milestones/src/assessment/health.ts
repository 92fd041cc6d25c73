import type { HealthColour } from '../labels/milestone.labels';
import { assertUnreachable, type HealthThresholds, type IsoDate } from '@app/platform';
import { dayNumber, daysFromTo } from './calendar-days';
import { periodStart, type AssessmentFacts } from './milestone-facts';
import { scheduleAt } from './schedule';
import { workingCalendar, workingDaysBetween, type Holidays } from './working-days';

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

const NO_HOLIDAYS: readonly IsoDate[] = [];

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

/** The health at `asOf`, with its reasons in words (zh-CN and English). */
export function healthAt(
  facts: AssessmentFacts,
  asOf: IsoDate,
  thresholds: HealthThresholds,
  holidays: Holidays = NO_HOLIDAYS,
): HealthAssessment {
  const verdict = assessHealth(facts, asOf, thresholds, holidays);
  return { colour: verdict.colour, reasons: verdict.reasons.map((r) => describeReason(r, thresholds)) };
}

/**
 * The rules themselves: colour and reason facts, no words. What the projection evaluates at every breakpoint
 * of every version of a replay, so it allocates little; `healthAt` renders the words from the facts.
 */
export function assessHealth(
  facts: AssessmentFacts,
  asOf: IsoDate,
  thresholds: HealthThresholds,
  holidays: Holidays = NO_HOLIDAYS,
): HealthVerdict {
  switch (facts.lifecycle) {
    case 'accepted': {
      const schedule = scheduleAt(facts, asOf);
      const late = schedule.state === 'completed_late' ? (schedule.daysLate ?? 0) : 0;
      return {
        colour: 'green',
        reasons: [
          {
            code: 'accepted',
            detail: { acceptedOn: facts.acceptedOn, submittedOn: facts.submittedOn, daysLate: late },
          },
        ],
      };
    }
    case 'cancelled':
      return CANCELLED;
    case 'withdrawn':
      return WITHDRAWN;
    case 'planned':
    case 'in_progress':
    case 'returned':
    case 'submitted':
      return openHealth(facts, asOf, thresholds, holidays);
    default:
      return assertUnreachable(facts.lifecycle, 'milestone lifecycle');
  }
}

const CANCELLED: HealthVerdict = { colour: 'grey', reasons: [{ code: 'cancelled' }] };
const WITHDRAWN: HealthVerdict = { colour: 'grey', reasons: [{ code: 'withdrawn' }] };

function openHealth(
  facts: AssessmentFacts,
  asOf: IsoDate,
  thresholds: HealthThresholds,
  holidays: Holidays,
): HealthVerdict {
  const submitted = facts.lifecycle === 'submitted';
  const schedule = scheduleAt(facts, asOf);
  const expected = expectedPercentAt(facts, asOf);
  const level = !submitted && facts.percent !== null ? progressLevel(facts.percent, expected, thresholds) : 0;
  const progressDetail = { percent: facts.percent, expectedPercent: round1(expected) };

  const red: HealthReasonFact[] = [];
  if (schedule.state === 'overdue') {
    red.push({
      code: 'overdue',
      detail: {
        dueDate: facts.dueDate,
        daysOverdue: schedule.daysOverdue ?? 0,
        submittedOn: submitted ? facts.submittedOn : null,
      },
    });
  }
  if (!submitted && facts.forecastDate !== null && facts.forecastDate > facts.dueDate) {
    red.push({
      code: 'forecast_after_due',
      detail: { forecastDate: facts.forecastDate, dueDate: facts.dueDate },
    });
  }
  if (level === 2) red.push({ code: 'behind_schedule', detail: progressDetail });
  if (schedule.state === 'overdue') return { colour: 'red', reasons: red };

  if (!submitted) {
    const since = reportCadenceReference(facts);
    const silentDays = daysFromTo(since, asOf);
    if (silentDays > thresholds.reportCadenceDays) {
      return {
        colour: 'grey',
        reasons: [
          {
            code: 'no_recent_report',
            detail: {
              lastReportOn: facts.lastReportOn,
              since,
              daysSinceReport: silentDays,
              cadenceDays: thresholds.reportCadenceDays,
            },
          },
        ],
      };
    }
  }
  if (red.length > 0) return { colour: 'red', reasons: red };

  const amber: HealthReasonFact[] = [];
  if (!submitted) {
    const left = workingDaysBetween(asOf, facts.dueDate, workingCalendar(holidays));
    if (left <= thresholds.amberDueWithinWorkingDays) {
      amber.push({ code: 'due_soon', detail: { dueDate: facts.dueDate, workingDaysLeft: left } });
    }
  }
  if (level === 1) amber.push({ code: 'slightly_behind', detail: progressDetail });
  const redSince = facts.redFlagSince ?? null;
  if (redSince !== null && redSince <= asOf) {
    amber.push({ code: 'recovering_from_red', detail: { redFlagSince: redSince } });
  }
  if (amber.length > 0) return { colour: 'amber', reasons: amber };

  if (facts.lifecycle === 'planned' && asOf < periodStart(facts)) {
    return {
      colour: 'green',
      reasons: [{ code: 'not_started_yet', detail: { periodStart: periodStart(facts) } }],
    };
  }
  if (submitted) {
    return {
      colour: 'green',
      reasons: [{ code: 'awaiting_acceptance', detail: { submittedOn: facts.submittedOn } }],
    };
  }
  return {
    colour: 'green',
    reasons: [{ code: 'on_track', detail: { ...progressDetail, lastReportOn: facts.lastReportOn } }],
  };
}

type Detail = Readonly<Record<string, string | number | null>>;

/** A reason in words, from its facts (and the thresholds it was judged by). */
export function describeReason(r: HealthReasonFact, thresholds: HealthThresholds): HealthReason {
  const d: Detail = r.detail ?? {};
  const str = (k: string): string => (d[k] === null || d[k] === undefined ? '—' : String(d[k]));
  const num = (k: string): number => (typeof d[k] === 'number' ? d[k] : 0);
  const words = (zh: string, en: string): HealthReason => ({ ...r, zh, en });
  switch (r.code) {
    case 'overdue': {
      const n = num('daysOverdue');
      const claimed = d['submittedOn'] !== null && d['submittedOn'] !== undefined;
      return words(
        `已逾期${n}天（截止日期${str('dueDate')}）${claimed ? `；已于${str('submittedOn')}提交完成，待核验销号` : ''}`,
        `Overdue by ${n} day${n === 1 ? '' : 's'} (due ${str('dueDate')})` +
          (claimed ? `; completion submitted on ${str('submittedOn')}, awaiting acceptance` : ''),
      );
    }
    case 'forecast_after_due':
      return words(
        `预计完成日期${str('forecastDate')}晚于截止日期${str('dueDate')}`,
        `Forecast completion ${str('forecastDate')} is after the due date ${str('dueDate')}`,
      );
    case 'behind_schedule':
    case 'slightly_behind': {
      const ratio = pct(r.code === 'behind_schedule' ? thresholds.redBelow : thresholds.amberBelow);
      const p = round1(num('percent'));
      const e = num('expectedPercent');
      return words(
        `进度${p}%，低于预期进度${e}%的${ratio}%`,
        `Progress ${p}% is below ${ratio}% of the expected ${e}%`,
      );
    }
    case 'no_recent_report': {
      const fromReport = d['lastReportOn'] !== null && d['lastReportOn'] === d['since'];
      const n = num('daysSinceReport');
      return words(
        `已${n}天未报送进展（自${fromReport ? '最近一次报送' : '计划期开始'}${str('since')}起，报送周期${num('cadenceDays')}天）`,
        `No report for ${n} days since ${fromReport ? 'the last report' : 'the period started'} on ` +
          `${str('since')} (cadence ${num('cadenceDays')} days)`,
      );
    }
    case 'due_soon': {
      const left = num('workingDaysLeft');
      return words(
        `${left}个工作日内到期（截止日期${str('dueDate')}），尚未提交完成`,
        `Due within ${left} working day${left === 1 ? '' : 's'} (${str('dueDate')}), not yet submitted`,
      );
    }
    case 'recovering_from_red':
      return words(
        `自${str('redFlagSince')}起曾为红色，现已好转但尚未销号`,
        `Red since ${str('redFlagSince')}; caught up but not yet accepted`,
      );
    case 'not_started_yet':
      return words(
        `计划期尚未开始（${str('periodStart')}开始）`,
        `Not started yet: the plan period begins on ${str('periodStart')}`,
      );
    case 'awaiting_acceptance':
      return words(
        `已于${str('submittedOn')}提交完成，待核验销号`,
        `Completion submitted on ${str('submittedOn')}, awaiting acceptance`,
      );
    case 'on_track': {
      const e = num('expectedPercent');
      if (d['percent'] !== null && d['percent'] !== undefined) {
        const p = round1(num('percent'));
        return words(`按计划推进（进度${p}%，预期${e}%）`, `On track (progress ${p}%, expected ${e}%)`);
      }
      return d['lastReportOn'] !== null && d['lastReportOn'] !== undefined
        ? words(
            `按计划推进（最近报送${str('lastReportOn')}）`,
            `On track (last report ${str('lastReportOn')})`,
          )
        : words('按计划推进（尚无报送，仍在报送周期内）', 'On track (no report yet, within the cadence)');
    }
    case 'accepted': {
      const late = num('daysLate');
      const on = str('acceptedOn');
      return late > 0
        ? words(`已于${on}销号（逾期${late}天完成）`, `Accepted on ${on} (completed ${late} days late)`)
        : words(`已于${on}销号（按期完成）`, `Accepted on ${on} (completed on time)`);
    }
    case 'cancelled':
      return words('已取消或调整，不再评价', 'Cancelled or adjusted; not assessed');
    case 'withdrawn':
      return words('已撤销，不再评价', 'Withdrawn; not assessed');
    default:
      return assertUnreachable(r.code, 'health reason');
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function pct(ratio: number): number {
  return Math.round(ratio * 1000) / 10;
}
