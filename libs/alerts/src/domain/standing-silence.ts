import { daysBetween, type IsoDate } from '@app/platform';
import { periodStart, type StandingItemState, type StandingUnitReports } from '@app/milestones';
import { alertKey, type AlertMilestoneSnapshot, type AlertReason } from './alert.events';
import type { AlertEpisode } from './alert';
import { reportedReason, silenceReason } from './rules/no-report.rule';
import { discOf } from './rules/rule';
import type { Condition, RuleSettings } from './subject';

/**
 * Standing items (常态化: no due date) have one rule: no report within the cadence (`reportCadenceDays`), judged
 * per lead unit from its last report (or the start of the item's period), while the item is in its period and not
 * withdrawn. Key `no_report:<itemId>@<unit>:<since>`; the alert goes to that unit only.
 */
export function isStandingItem(s: object): s is StandingItemState {
  return 'itemId' in s;
}

function inPeriod(item: StandingItemState, asOf: IsoDate): boolean {
  const year = Number(asOf.slice(0, 4));
  return !item.withdrawn && year >= item.period.from && year <= item.period.to;
}

function reference(item: StandingItemState, u: StandingUnitReports): IsoDate {
  return u.lastReportOn ?? periodStart(item);
}

function leadShares(item: StandingItemState): StandingUnitReports[] {
  return item.units.filter((u) => item.leadUnits.includes(u.unit));
}

function snapshot(item: StandingItemState, unit: string): AlertMilestoneSnapshot {
  return {
    milestoneId: item.itemId,
    taskNo: item.taskNo,
    taskTitle: item.taskTitle,
    text: item.text,
    dueDate: '',
    baselineDueDate: '',
    leadUnits: [unit],
    cooperatingUnits: [...item.cooperatingUnits],
    assignment: unit,
    standing: true,
  };
}

export function standingConditions(item: StandingItemState, asOf: IsoDate, cfg: RuleSettings): Condition[] {
  if (!item.exists || !inPeriod(item, asOf) || cfg.disabledRules.includes('no_report')) return [];
  const cadence = cfg.health.reportCadenceDays;
  return leadShares(item).flatMap((u) => {
    const ref = reference(item, u);
    const silent = daysBetween(ref, asOf);
    if (silent <= cadence) return [];
    return [
      {
        rule: 'no_report' as const,
        disc: ref,
        key: alertKey('no_report', `${item.itemId}@${u.unit}`, ref),
        level: 'warning' as const,
        reasons: [silenceReason(silent, ref, u.lastReportOn === ref, cadence)],
        facts: { since: ref, daysSinceReport: silent, cadenceDays: cadence },
        milestone: snapshot(item, u.unit),
      },
    ];
  });
}

export function standingCleared(
  e: AlertEpisode,
  item: StandingItemState,
  asOf: IsoDate,
  cfg: RuleSettings,
): AlertReason | null {
  if (item.withdrawn) return { code: 'withdrawn', zh: '已移出计划', en: 'Standing item withdrawn' };
  if (!inPeriod(item, asOf)) return { code: 'period_ended', zh: '常态化事项期限已过', en: 'Period ended' };
  const u = item.units.find((x) => x.unit === e.raised.milestone.assignment);
  if (!u || !item.leadUnits.includes(u.unit)) {
    return { code: 'reassigned', zh: '牵头单位已调整', en: 'Lead units changed' };
  }
  const ref = reference(item, u);
  if (ref !== discOf(e) || daysBetween(ref, asOf) <= cfg.health.reportCadenceDays) {
    return reportedReason(u.lastReportOn);
  }
  return null;
}
