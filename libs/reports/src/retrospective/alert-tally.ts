import { ALERT_EVENTS, ALERT_RULE_LABELS_ZH, isAlertRule, type AlertRule } from '@app/alerts';
import { round } from './indicators';
import type { AlertRuleSummary, AlertSummary } from './report.types';

/** The alert events the review counts (from `alert-*` streams): raised and acknowledged. */
export const REVIEW_ALERT_EVENTS = ALERT_EVENTS.pick('AlertRaised', 'AlertAcknowledged');

/** An alert event as the review reads it: what it needs of a decoded `REVIEW_ALERT_EVENTS` event. */
export type ReviewAlertEvent = { readonly occurredMs: number } & (
  | {
      readonly type: 'AlertRaised';
      readonly data: {
        readonly alertId: string;
        readonly rule: AlertRule;
        readonly asOf: string;
        readonly milestone: { readonly milestoneId: string };
      };
    }
  | { readonly type: 'AlertAcknowledged'; readonly data: { readonly alertId: string } }
);

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The year's alerts: a raised alert belongs to the year of its `asOf`; it pairs with the first acknowledgement of
 * the same `alertId`; time to acknowledge = occurredAt of the acknowledgement − occurredAt of the raise.
 */
export class AlertTally {
  private readonly raised = new Map<string, { readonly rule: string; readonly raisedMs: number }>();
  private readonly acknowledged = new Map<string, number>();
  private readonly perMilestone = new Map<string, number>();

  constructor(private readonly year: number) {}

  add(e: ReviewAlertEvent): void {
    const id = e.data.alertId;
    if (e.type === 'AlertAcknowledged') {
      if (!this.acknowledged.has(id)) this.acknowledged.set(id, e.occurredMs);
      return;
    }
    if (this.raised.has(id) || Number(e.data.asOf.slice(0, 4)) !== this.year) return;
    this.raised.set(id, { rule: e.data.rule, raisedMs: e.occurredMs });
    const milestoneId = e.data.milestone.milestoneId;
    this.perMilestone.set(milestoneId, (this.perMilestone.get(milestoneId) ?? 0) + 1);
  }

  /** Alerts raised in the year about a milestone. */
  raisedFor(milestoneId: string): number {
    return this.perMilestone.get(milestoneId) ?? 0;
  }

  summary(): AlertSummary {
    const byRule = new Map<string, { raised: number; ackHours: number[] }>();
    for (const [id, a] of this.raised) {
      const r = byRule.get(a.rule) ?? { raised: 0, ackHours: [] };
      r.raised++;
      const ackMs = this.acknowledged.get(id);
      if (ackMs !== undefined) r.ackHours.push(Math.max(0, ackMs - a.raisedMs) / 3_600_000);
      byRule.set(a.rule, r);
    }
    const hours = (values: readonly number[]) => {
      const m = median(values);
      return m === null ? null : round(m, 1);
    };
    const rules: AlertRuleSummary[] = [...byRule.keys()].sort().map((rule) => {
      const r = byRule.get(rule)!;
      return {
        rule,
        label: isAlertRule(rule) ? ALERT_RULE_LABELS_ZH[rule] : rule,
        raised: r.raised,
        acknowledged: r.ackHours.length,
        unacknowledged: r.raised - r.ackHours.length,
        medianHoursToAcknowledge: hours(r.ackHours),
      };
    });
    const all = [...byRule.values()].flatMap((r) => r.ackHours);
    const raised = rules.reduce((a, r) => a + r.raised, 0);
    return {
      raised,
      acknowledged: all.length,
      unacknowledged: raised - all.length,
      medianHoursToAcknowledge: hours(all),
      byRule: rules,
    };
  }
}
