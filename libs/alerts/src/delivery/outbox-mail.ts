import { addressOf, headerText } from '../mail/mail-safety';
import { renderMail, type OutgoingMail } from './mail-transport';

/** An outbox row (`alert_deliveries`) as far as the message is made of it. */
export interface OutboxMailRow {
  readonly id: string;
  readonly message_id: string;
  readonly recipient_email: string;
  readonly recipient_name: string;
  readonly subject: string;
  readonly text_body: string;
  readonly html_body: string;
  readonly created_at: Date;
}

/** The message of an outbox row, from MAIL_FROM: headers cleaned, envelope set to the one recipient. */
export function outgoingMail(row: OutboxMailRow, mailFrom: string): OutgoingMail {
  return {
    deliveryId: row.id,
    createdAt: row.created_at,
    from: mailFrom,
    envelopeFrom: addressOf(mailFrom),
    to: { name: headerText(row.recipient_name, 100), address: row.recipient_email },
    subject: headerText(row.subject),
    text: row.text_body,
    html: row.html_body,
    messageId: row.message_id,
  };
}

/**
 * An outbox mail rendered as it is (or was) sent, LF line ends. The same row renders to the same bytes but for
 * the Date header (the row's creation time): a replay is checked with it.
 */
export function renderOutboxMail(row: OutboxMailRow, mailFrom: string): Promise<Buffer> {
  return renderMail(outgoingMail(row, mailFrom));
}
