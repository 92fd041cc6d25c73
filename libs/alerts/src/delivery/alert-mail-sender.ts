import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore } from '@app/event-store';
import { APP_CONFIG, Clock, type AppConfig, shutdownSignal } from '@app/platform';
import { ALERTS_CONFIG, type AlertsConfig } from '../config/alerts-config';
import { cutOffOnStop } from './cut-off-on-stop';
import { createMailTransport, type MailTransport } from './mail-transport';
import { outgoingMail, type OutboxMailRow } from './outbox-mail';
import {
  backoffMs,
  deliverDue,
  failDelivery,
  markDeliverySent,
  recordDelivery,
  type DeliveryRunResult,
} from './outbox-rows';
import {
  ALERT_MAIL_DELIVERED,
  type AlertMailDeliveredData,
  mailDeliveredEventId,
  mailDeliveryStreamId,
} from './mail-delivered.event';

interface DeliveryRow extends OutboxMailRow {
  readonly attempts: number;
}

/**
 * Delivers the outbox: claims due mails (a lease: another sender, or this one after a crash, takes a mail
 * again only when its lease ran out), sends each with its stable Message-ID unless the event store already
 * records its delivery, then records it (AlertMailDelivered) and marks it sent. A failure retries after an
 * exponential backoff; after ALERT_MAIL_MAX_ATTEMPTS it is dead-lettered. Dying (or losing the database for
 * longer than the recording retries) between the server's acceptance and the record means, at worst, the same
 * mail (same Message-ID) once more when its lease runs out: never a lost one. A replay of the events into a
 * fresh database finds every recorded delivery and sends none of them again.
 */
@Injectable()
export class AlertMailSender implements OnApplicationShutdown {
  private readonly log = new Logger('AlertMail');
  private transport: MailTransport | undefined;
  /**
   * Test seam: runs after a mail was handed to the transport and before its delivery is recorded and marked
   * sent. A hook that throws is a crash at the worst moment: the run stops and the mail stays claimed until its
   * lease runs out.
   */
  afterSendBeforeMark: ((deliveryId: string) => void | Promise<void>) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ALERTS_CONFIG) private readonly alerts: AlertsConfig,
  ) {}

  private getTransport(): MailTransport {
    this.transport ??= createMailTransport(this.config, this.alerts);
    return this.transport;
  }

  /** The delay before attempt `attempts + 1`. */
  backoffMs(attempts: number): number {
    return backoffMs(this.alerts, attempts);
  }

  /**
   * Sends every due mail (in claimed batches) and returns what happened. Once `stop` fires (by default when the
   * process begins to stop) it sends nothing new, and the send under way is cut off ALERT_SMTP_TIMEOUT_MS later.
   */
  async deliverDue(batch = 20, stop: AbortSignal = shutdownSignal()): Promise<DeliveryRunResult> {
    return deliverDue<DeliveryRow>(this.dataSource, this.store, this.alerts, {
      channels: ['mail'],
      columns: `d.id, d.message_id, d.recipient_email, d.recipient_name, d.subject, d.text_body, d.html_body,
                d.attempts, d.created_at`,
      batch,
      deliveredStream: mailDeliveryStreamId,
      deliveredType: ALERT_MAIL_DELIVERED,
      send: (row) => this.send(row, stop),
      stop,
    });
  }

  private async send(row: DeliveryRow, stop: AbortSignal): Promise<'sent' | 'failed' | 'dead'> {
    const transport = this.getTransport();
    const cutOff = cutOffOnStop(stop, this.alerts.smtpTimeoutMs);
    try {
      await transport.send(outgoingMail(row, this.config.mailFrom), cutOff.signal);
    } catch (e) {
      const error = (e instanceof Error ? e.message : String(e)).slice(0, 1000);
      const dead = (await failDelivery(this.dataSource, this.alerts, row, error)) === 'dead';
      this.log.warn(
        `mail ${row.id} to ${row.recipient_email} via ${transport.describe}: attempt ${row.attempts} failed` +
          `${dead ? ', dead-lettered' : `, retry in ${this.backoffMs(row.attempts)} ms`}: ${error}`,
      );
      return dead ? 'dead' : 'failed';
    } finally {
      cutOff.dispose();
    }
    await this.afterSendBeforeMark?.(row.id);
    await this.record(row, transport.describe);
    await markDeliverySent(this.dataSource, row.id, null);
    return 'sent';
  }

  /** Appends AlertMailDelivered (idempotent), retrying for a while if the database is away. */
  private async record(row: DeliveryRow, via: string): Promise<void> {
    const data: AlertMailDeliveredData = {
      deliveryId: row.id,
      messageId: row.message_id,
      recipient: row.recipient_email,
    };
    const event = {
      eventId: mailDeliveredEventId(row.id),
      type: ALERT_MAIL_DELIVERED,
      data,
      metadata: {
        occurredAt: this.clock.now().toISOString(),
        actor: { system: 'alert-mail-sender' },
        attempt: row.attempts,
        via,
      },
    };
    await recordDelivery(this.store, mailDeliveryStreamId(row.id), event, this.log);
  }

  onApplicationShutdown(): void {
    this.transport?.close();
    this.transport = undefined;
  }
}
