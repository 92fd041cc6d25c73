import { assertUnreachable, type HealthThresholds, type IsoDate } from '@app/platform';
import { dayNumber, daysFromTo } from './calendar-days';
import { periodStart, type MilestoneFacts } from './milestone-facts';
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
export const HEALTH_COLOURS = ['red', 'amber', 'green', 'grey'] as const;
export type HealthColour = (typeof HEALTH_COLOURS)[number];

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

export interface HealthReason {
  readonly code: HealthReasonCode;
  /** For people, zh-CN. */
  readonly zh: string;
  readonly en: string;
  /** The figures behind the reason. */
  readonly detail?: Readonly<Record<string, string | number | null>>;
}

export interface HealthAssessment {
  readonly colour: HealthColour;
  readonly reasons: readonly HealthReason[];
}

const NO_HOLIDAYS: readonly IsoDate[] = [];

/** Linear expected progress at asOf, in percent (0–100). */
export function expectedPercentAt(facts: Pick<MilestoneFacts, 'period' | 'dueDate'>, asOf: IsoDate): number {
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
export function reportCadenceReference(facts: MilestoneFacts): IsoDate {
  const start = periodStart(facts);
  return facts.lastReportOn !== null && facts.lastReportOn > start ? facts.lastReportOn : start;
}

export function healthAt(
  facts: MilestoneFacts,
  asOf: IsoDate,
  thresholds: HealthThresholds,
  holidays: Holidays = NO_HOLIDAYS,
): HealthAssessment {
  switch (facts.lifecycle) {
    case 'accepted':
      return { colour: 'green', reasons: [acceptedReason(facts, asOf)] };
    case 'cancelled':
      return {
        colour: 'grey',
        reasons: [
          { code: 'cancelled', zh: '已取消或调整，不再评价', en: 'Cancelled or adjusted; not assessed' },
        ],
      };
    case 'withdrawn':
      return {
        colour: 'grey',
        reasons: [{ code: 'withdrawn', zh: '已撤销，不再评价', en: 'Withdrawn; not assessed' }],
      };
    case 'planned':
    case 'in_progress':
    case 'returned':
    case 'submitted':
      return openHealth(facts, asOf, thresholds, holidays);
    default:
      return assertUnreachable(facts.lifecycle, 'milestone lifecycle');
  }
}

function openHealth(
  facts: MilestoneFacts,
  asOf: IsoDate,
  thresholds: HealthThresholds,
  holidays: Holidays,
): HealthAssessment {
  const submitted = facts.lifecycle === 'submitted';
  const schedule = scheduleAt(facts, asOf);
  const expected = expectedPercentAt(facts, asOf);
  const level = !submitted && facts.percent !== null ? progressLevel(facts.percent, expected, thresholds) : 0;
  const progressDetail = { percent: facts.percent, expectedPercent: round1(expected) };

  const red: HealthReason[] = [];
  if (schedule.state === 'overdue') {
    const n = schedule.daysOverdue ?? 0;
    const claim =
      submitted && facts.submittedOn !== null
        ? {
            zh: `；已于${facts.submittedOn}提交完成，待核验销号`,
            en: `; completion submitted on ${facts.submittedOn}, awaiting acceptance`,
          }
        : { zh: '', en: '' };
    red.push({
      code: 'overdue',
      zh: `已逾期${n}天（截止日期${facts.dueDate}）${claim.zh}`,
      en: `Overdue by ${n} day${n === 1 ? '' : 's'} (due ${facts.dueDate})${claim.en}`,
      detail: { dueDate: facts.dueDate, daysOverdue: n, submittedOn: submitted ? facts.submittedOn : null },
    });
  }
  if (!submitted && facts.forecastDate !== null && facts.forecastDate > facts.dueDate) {
    red.push({
      code: 'forecast_after_due',
      zh: `预计完成日期${facts.forecastDate}晚于截止日期${facts.dueDate}`,
      en: `Forecast completion ${facts.forecastDate} is after the due date ${facts.dueDate}`,
      detail: { forecastDate: facts.forecastDate, dueDate: facts.dueDate },
    });
  }
  if (level === 2) {
    const p = facts.percent ?? 0;
    red.push({
      code: 'behind_schedule',
      zh: `进度${round1(p)}%，低于预期进度${round1(expected)}%的${pct(thresholds.redBelow)}%`,
      en: `Progress ${round1(p)}% is below ${pct(thresholds.redBelow)}% of the expected ${round1(expected)}%`,
      detail: progressDetail,
    });
  }
  if (schedule.state === 'overdue') return { colour: 'red', reasons: red };

  if (!submitted) {
    const since = reportCadenceReference(facts);
    const silentDays = daysFromTo(since, asOf);
    if (silentDays > thresholds.reportCadenceDays) {
      const what =
        facts.lastReportOn !== null && facts.lastReportOn === since ? '最近一次报送' : '计划期开始';
      const whatEn = what === '最近一次报送' ? 'the last report' : 'the period started';
      return {
        colour: 'grey',
        reasons: [
          {
            code: 'no_recent_report',
            zh: `已${silentDays}天未报送进展（自${what}${since}起，报送周期${thresholds.reportCadenceDays}天）`,
            en: `No report for ${silentDays} days since ${whatEn} on ${since} (cadence ${thresholds.reportCadenceDays} days)`,
            detail: {
              lastReportOn: facts.lastReportOn,
              daysSinceReport: silentDays,
              cadenceDays: thresholds.reportCadenceDays,
            },
          },
        ],
      };
    }
  }
  if (red.length > 0) return { colour: 'red', reasons: red };

  const amber: HealthReason[] = [];
  if (!submitted) {
    const left = workingDaysBetween(asOf, facts.dueDate, workingCalendar(holidays));
    if (left <= thresholds.amberDueWithinWorkingDays) {
      amber.push({
        code: 'due_soon',
        zh: `${left}个工作日内到期（截止日期${facts.dueDate}），尚未提交完成`,
        en: `Due within ${left} working day${left === 1 ? '' : 's'} (${facts.dueDate}), not yet submitted`,
        detail: { dueDate: facts.dueDate, workingDaysLeft: left },
      });
    }
  }
  if (level === 1) {
    const p = facts.percent ?? 0;
    amber.push({
      code: 'slightly_behind',
      zh: `进度${round1(p)}%，低于预期进度${round1(expected)}%的${pct(thresholds.amberBelow)}%`,
      en: `Progress ${round1(p)}% is below ${pct(thresholds.amberBelow)}% of the expected ${round1(expected)}%`,
      detail: progressDetail,
    });
  }
  const redSince = facts.redFlagSince ?? null;
  if (redSince !== null && redSince <= asOf) {
    amber.push({
      code: 'recovering_from_red',
      zh: `自${redSince}起曾为红色，现已好转但尚未销号`,
      en: `Red since ${redSince}; caught up but not yet accepted`,
      detail: { redFlagSince: redSince },
    });
  }
  if (amber.length > 0) return { colour: 'amber', reasons: amber };

  if (facts.lifecycle === 'planned' && asOf < periodStart(facts)) {
    const start = periodStart(facts);
    return {
      colour: 'green',
      reasons: [
        {
          code: 'not_started_yet',
          zh: `计划期尚未开始（${start}开始）`,
          en: `Not started yet: the plan period begins on ${start}`,
          detail: { periodStart: start },
        },
      ],
    };
  }
  if (submitted) {
    return {
      colour: 'green',
      reasons: [
        {
          code: 'awaiting_acceptance',
          zh: `已于${facts.submittedOn ?? '—'}提交完成，待核验销号`,
          en: `Completion submitted on ${facts.submittedOn ?? '—'}, awaiting acceptance`,
          detail: { submittedOn: facts.submittedOn },
        },
      ],
    };
  }
  const onTrack =
    facts.percent !== null
      ? {
          zh: `按计划推进（进度${round1(facts.percent)}%，预期${round1(expected)}%）`,
          en: `On track (progress ${round1(facts.percent)}%, expected ${round1(expected)}%)`,
        }
      : facts.lastReportOn !== null
        ? {
            zh: `按计划推进（最近报送${facts.lastReportOn}）`,
            en: `On track (last report ${facts.lastReportOn})`,
          }
        : {
            zh: '按计划推进（尚无报送，仍在报送周期内）',
            en: 'On track (no report yet, within the cadence)',
          };
  return { colour: 'green', reasons: [{ code: 'on_track', ...onTrack, detail: progressDetail }] };
}

function acceptedReason(facts: MilestoneFacts, asOf: IsoDate): HealthReason {
  const schedule = scheduleAt(facts, asOf);
  const on = facts.acceptedOn ?? '—';
  const late = schedule.state === 'completed_late' ? (schedule.daysLate ?? 0) : 0;
  return {
    code: 'accepted',
    zh: late > 0 ? `已于${on}销号（逾期${late}天完成）` : `已于${on}销号（按期完成）`,
    en:
      late > 0 ? `Accepted on ${on} (completed ${late} days late)` : `Accepted on ${on} (completed on time)`,
    detail: { acceptedOn: facts.acceptedOn, submittedOn: facts.submittedOn, daysLate: late },
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function pct(ratio: number): number {
  return Math.round(ratio * 1000) / 10;
}
