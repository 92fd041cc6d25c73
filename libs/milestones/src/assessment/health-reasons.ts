import { assertUnreachable, type HealthThresholds, type IsoDate } from '@app/platform';
import { daysFromTo } from './calendar-days';
import { periodStart, type AssessmentFacts } from './milestone-facts';
import { scheduleAt } from './schedule';
import {
  expectedPercentAt,
  reportCadenceReference,
  type HealthReason,
  type HealthReasonCode,
  type HealthReasonFact,
} from './health-rules';
import { workingCalendar, workingDaysBetween, type Holidays } from './working-days';

/**
 * The figures behind a reason the rules gave at `asOf` (`judgeHealth` says which reasons hold; this says by how
 * much): what `assessHealth` returns and `describeReason` puts into words. Computed only when asked for, so the
 * health history of a replay, which needs the codes alone, never builds them.
 */
export function reasonFact(
  code: HealthReasonCode,
  facts: AssessmentFacts,
  asOf: IsoDate,
  thresholds: HealthThresholds,
  holidays: Holidays,
): HealthReasonFact {
  const submitted = facts.lifecycle === 'submitted';
  const progress = () => ({
    percent: facts.percent,
    expectedPercent: round1(expectedPercentAt(facts, asOf)),
  });
  switch (code) {
    case 'accepted': {
      const schedule = scheduleAt(facts, asOf);
      const late = schedule.state === 'completed_late' ? (schedule.daysLate ?? 0) : 0;
      return {
        code,
        detail: { acceptedOn: facts.acceptedOn, submittedOn: facts.submittedOn, daysLate: late },
      };
    }
    case 'cancelled':
    case 'withdrawn':
      return { code };
    case 'overdue':
      return {
        code,
        detail: {
          dueDate: facts.dueDate,
          daysOverdue: scheduleAt(facts, asOf).daysOverdue ?? 0,
          submittedOn: submitted ? facts.submittedOn : null,
        },
      };
    case 'forecast_after_due':
      return { code, detail: { forecastDate: facts.forecastDate, dueDate: facts.dueDate } };
    case 'behind_schedule':
    case 'slightly_behind':
      return { code, detail: progress() };
    case 'no_recent_report': {
      const since = reportCadenceReference(facts);
      return {
        code,
        detail: {
          lastReportOn: facts.lastReportOn,
          since,
          daysSinceReport: daysFromTo(since, asOf),
          cadenceDays: thresholds.reportCadenceDays,
        },
      };
    }
    case 'due_soon':
      return {
        code,
        detail: {
          dueDate: facts.dueDate,
          workingDaysLeft: workingDaysBetween(asOf, facts.dueDate, workingCalendar(holidays)),
        },
      };
    case 'recovering_from_red':
      return { code, detail: { redFlagSince: facts.redFlagSince ?? null } };
    case 'not_started_yet':
      return { code, detail: { periodStart: periodStart(facts) } };
    case 'awaiting_acceptance':
      return { code, detail: { submittedOn: facts.submittedOn } };
    case 'on_track':
      return { code, detail: { ...progress(), lastReportOn: facts.lastReportOn } };
    default:
      return assertUnreachable(code, 'health reason');
  }
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
