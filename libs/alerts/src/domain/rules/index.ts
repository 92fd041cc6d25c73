import { behindSchedule } from './behind-schedule.rule';
import { overdue } from './overdue.rule';
import { delayReported } from './delay-reported.rule';
import { dueDateMovedLater } from './due-date-moved-later.rule';
import { dueSoon } from './due-soon.rule';
import { forecastAfterDue } from './forecast-after-due.rule';
import { indicatorShortfall } from './indicator-shortfall.rule';
import { noReport } from './no-report.rule';
import type { AlertRuleDefinition } from './rule';
import { targetLoweredRule } from './target-lowered.rule';

/** The registry of alert rules. Rule ids are stable: keys, filters and configuration use them. */
export const ALERT_RULES = [
  'due_soon',
  'overdue',
  'behind_schedule',
  'forecast_after_due',
  'delay_reported',
  'indicator_shortfall',
  'no_report',
  'due_date_moved_later',
  'target_lowered',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

/** Every rule, in the order a scan or an event judges them (the order its alerts are raised in). */
export const RULES: { readonly [R in AlertRule]: AlertRuleDefinition } = {
  overdue,
  due_soon: dueSoon,
  behind_schedule: behindSchedule,
  no_report: noReport,
  indicator_shortfall: indicatorShortfall,
  delay_reported: delayReported,
  forecast_after_due: forecastAfterDue,
  due_date_moved_later: dueDateMovedLater,
  target_lowered: targetLoweredRule,
};

export const ALERT_RULE_LABELS_ZH: { readonly [R in AlertRule]: string } = Object.fromEntries(
  ALERT_RULES.map((r) => [r, RULES[r].labelZh]),
) as { readonly [R in AlertRule]: string };

/** The rules whose alerts the list restates from their assignment as of its date (`restatesFromSubject`). */
export const RULES_RESTATED_FROM_SUBJECT: readonly AlertRule[] = ALERT_RULES.filter(
  (r) => RULES[r].restatesFromSubject === true,
);

/** The rules whose alerts the monitor restates on milestone events (`restatedOnEvents`: `alert_restatements`). */
export const RULES_RESTATED_ON_EVENTS: readonly AlertRule[] = ALERT_RULES.filter(
  (r) => RULES[r].restatedOnEvents === true,
);

export function isAlertRule(s: string): s is AlertRule {
  return (ALERT_RULES as readonly string[]).includes(s);
}

export type { AlertRuleDefinition, TriggerEvent } from './rule';
export { meetsTarget } from '@app/milestones/labels';
export { targetLowered } from './target-lowered.rule';
export { overdueReason } from './overdue.rule';
