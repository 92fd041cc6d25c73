import { ALERT_RULE_LABELS_ZH, isAlertRule } from '@app/alerts';
import { dateInZone, PLAN_TIME_ZONE } from '@app/platform';
import { round } from './indicators';
import type { AlertRuleSummary, AlertSummary } from './report.types';

export const ALERT_RAISED = 'AlertRaised';
export const ALERT_ACKNOWLEDGED = 'AlertAcknowledged';

/** An alert event as the review reads it (from `alert-*` streams): only raised and acknowledged count. */
export interface ReviewAlertEvent {
  readonly streamId: string;
  readonly type: string;
  readonly data: unknown;
  readonly occurredMs: number;
}

/** A field of a stored payload, read without trusting its shape. */
export function payloadField(data: unknown, key: string): unknown {
  return typeof data === 'object' && data !== null ? Reflect.get(data, key) : undefined;
}
function text(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

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
    const episode = payloadField(e.data, 'episode');
    const id =
      text(payloadField(e.data, 'alertId')) ?? `${e.streamId}:${typeof episode === 'number' ? episode : 0}`;
    if (e.type === ALERT_ACKNOWLEDGED) {
      if (!this.acknowledged.has(id)) this.acknowledged.set(id, e.occurredMs);
      return;
    }
    if (e.type !== ALERT_RAISED || this.raised.has(id)) return;
    const asOf = text(payloadField(e.data, 'asOf')) ?? dateInZone(new Date(e.occurredMs), PLAN_TIME_ZONE);
    if (Number(asOf.slice(0, 4)) !== this.year) return;
    this.raised.set(id, { rule: text(payloadField(e.data, 'rule')) ?? 'unknown', raisedMs: e.occurredMs });
    const milestoneId =
      text(payloadField(payloadField(e.data, 'milestone'), 'milestoneId')) ??
      text(payloadField(e.data, 'milestoneId'));
    if (milestoneId !== null)
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
