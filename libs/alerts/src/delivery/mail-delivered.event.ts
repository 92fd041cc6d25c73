import { deterministicUuid, EventCodec, shape } from '@app/event-store';

/**
 * A digest mail was accepted by the mail server (or written as an .eml file): a fact in the event store, in a
 * stream of its own per delivery (`mail-delivery-<deliveryId>`, the id the Message-ID is made of) with a
 * deterministic event id. The sender looks for it before sending, so a replay of the events into a fresh
 * database (or a rebuilt outbox) sends none of the mails that were already sent; the notifier marks the
 * outbox row sent when it reads it.
 */
export const ALERT_MAIL_DELIVERED = 'AlertMailDelivered';

export interface AlertMailDeliveredData {
  readonly deliveryId: string;
  readonly messageId: string;
  readonly recipient: string;
}

/** The events of a mail delivery's stream. */
export const MAIL_DELIVERY_EVENTS = new EventCodec<{ [ALERT_MAIL_DELIVERED]: AlertMailDeliveredData }>(
  'mail delivery',
  { [ALERT_MAIL_DELIVERED]: shape({ deliveryId: 'string', messageId: 'string', recipient: 'string' }) },
);

export const MAIL_DELIVERY_STREAM_PREFIX = 'mail-delivery-';

export function mailDeliveryStreamId(deliveryId: string): string {
  return `${MAIL_DELIVERY_STREAM_PREFIX}${deliveryId}`;
}

/** The same delivery recorded twice (two senders after a lease ran out) is one event: the append is a no-op. */
export function mailDeliveredEventId(deliveryId: string): string {
  return deterministicUuid(`alert-mail-delivered/${deliveryId}`);
}
