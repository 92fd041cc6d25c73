import { ALERT_EVENTS, type AlertRaisedData } from '../domain/alert.events';
import { overdueReason } from '../domain/rules';
import type { DigestItem } from '../mail/digest.template';

/** The alert events a run may list (the notifier keeps each in `alert_notices`). */
export const NOTICE_EVENTS = ALERT_EVENTS.pick('AlertRaised', 'AlertRepeated', 'AlertEscalated');
const RAISED = ALERT_EVENTS.pick('AlertRaised');

/** A row of `alert_notices`: an alert event as the notifier read it. */
export interface NoticeRow {
  event_id: string;
  stream_id: string;
  type: string;
  data: unknown;
}

/** A kept notice as the event it was, for its codec. */
const noticeRecord = (r: NoticeRow) => ({ type: r.type, data: r.data, streamId: r.stream_id });

/** The AlertRaised of each alert, by alert id: what a repeat or an escalation tells again. */
export function raisedByAlert(rows: readonly NoticeRow[]): Map<string, AlertRaisedData> {
  return new Map(rows.map((r) => RAISED.expect(noticeRecord(r))).map((n) => [n.data.alertId, n.data]));
}

/** A kept notice as a digest item, decoded like the event it was; null for a repeat whose raise is unknown. */
export function noticeItem(
  r: NoticeRow,
  raisedById: ReadonlyMap<string, AlertRaisedData>,
): Omit<DigestItem, 'audiences'> | null {
  const base = (raised: AlertRaisedData) => ({
    alertId: raised.alertId,
    rule: raised.rule,
    level: raised.level,
    milestone: raised.milestone,
  });
  const notice = NOTICE_EVENTS.expect(noticeRecord(r));
  switch (notice.type) {
    case 'AlertRaised': {
      const d = notice.data;
      return { ...base(d), kind: 'raised', asOf: d.asOf, reasons: d.reasons.map((x) => x.zh) };
    }
    case 'AlertRepeated': {
      const d = notice.data;
      const raised = raisedById.get(d.alertId);
      if (!raised) return null;
      return {
        ...base(raised),
        kind: 'repeated',
        asOf: d.asOf,
        occurrence: d.occurrence,
        daysOverdue: d.daysOverdue,
        reasons: [`${overdueReason(raised.milestone.dueDate, d.daysOverdue).zh}，尚未确认`],
      };
    }
    case 'AlertEscalated': {
      const d = notice.data;
      const raised = raisedById.get(d.alertId);
      if (!raised) return null;
      return {
        ...base(raised),
        level: 'critical',
        kind: 'escalated',
        asOf: d.asOf,
        daysOverdue: d.daysOverdue,
        reasons: [
          `${overdueReason(raised.milestone.dueDate, d.daysOverdue).zh}，超过${d.afterDays}天仍未确认，升级督办`,
        ],
      };
    }
  }
}
