import { daysBetween, type IsoDate } from '@app/platform';
import { reportCadenceReference } from '@app/milestones';
import type { AlertReason } from '../alert.events';
import { atWork, BECAME_OVERDUE, condition, facts, isOverdue, SUBMITTED } from '../subject';
import { discOf, type AlertRuleDefinition } from './rule';

const SINCE_REPORT = '最近一次报送';

/** The reason of a silence: how long, since when, and the cadence (milestones and standing items alike). */
export function silenceReason(
  silent: number,
  ref: IsoDate,
  sinceReport: boolean,
  cadenceDays: number,
): AlertReason {
  const since = sinceReport ? SINCE_REPORT : '计划期开始';
  return {
    code: 'no_report',
    zh: `已${silent}天未报送进展（自${since}${ref}起，报送周期${cadenceDays}天）`,
    en: `No report for ${silent} days since ${ref} (cadence ${cadenceDays} days)`,
  };
}

export function reportedReason(lastReportOn: IsoDate | null): AlertReason {
  return {
    code: 'reported',
    zh: `已报送进展（${lastReportOn ?? '—'}）`,
    en: `Reported on ${lastReportOn ?? '—'}`,
  };
}

/** 未按期报送进展: no report within the cadence (since the last report, or the plan period's start). */
export const noReport: AlertRuleDefinition = {
  labelZh: '未按期报送进展',
  copies: { cooperating: false, office: false },
  scan: (x, asOf, cfg) => {
    if (!atWork(x) || isOverdue(x, asOf) || x.a.dueDate === '') return [];
    const ref = reportCadenceReference(facts(x));
    const silent = daysBetween(ref, asOf);
    const cadence = cfg.health.reportCadenceDays;
    if (silent <= cadence) return [];
    return [
      condition(
        x,
        'no_report',
        ref,
        'warning',
        [silenceReason(silent, ref, x.a.lastReportOn === ref, cadence)],
        { since: ref, daysSinceReport: silent, cadenceDays: cadence },
      ),
    ];
  },
  /**
   * Days silent as of `on`: an open silence alert still has no report since `since` (a report resolves it), so
   * this needs no more than the facts it was raised with (standing items' alike).
   */
  restate: (r, on) => {
    const { since, cadenceDays } = r.facts;
    if (typeof since !== 'string' || typeof cadenceDays !== 'number' || on < since) {
      return { reasons: r.reasons, facts: r.facts };
    }
    const silent = daysBetween(since, on);
    const sinceReport = r.reasons.some((x) => x.code === 'no_report' && x.zh.includes(SINCE_REPORT));
    const reason = silenceReason(silent, since, sinceReport, cadenceDays);
    return {
      reasons: r.reasons.map((x) => (x.code === 'no_report' ? reason : x)),
      facts: { ...r.facts, daysSinceReport: silent },
    };
  },
  cleared: (e, x, asOf, cfg) => {
    if (!atWork(x)) return SUBMITTED;
    if (isOverdue(x, asOf)) return BECAME_OVERDUE;
    const ref = reportCadenceReference(facts(x));
    if (ref !== discOf(e) || daysBetween(ref, asOf) <= cfg.health.reportCadenceDays) {
      return reportedReason(x.a.lastReportOn);
    }
    return null;
  },
};
