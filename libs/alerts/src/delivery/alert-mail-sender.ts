import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore } from '@app/event-store';
import { APP_CONFIG, Clock, type AppConfig } from '@app/platform';
import { ALERTS_CONFIG, type AlertsConfig } from '../config/alerts-config';
import { createMailTransport, type MailTransport } from './mail-transport';
import { outgoingMail, type OutboxMailRow } from './outbox-mail';
import {
  ALERT_MAIL_DELIVERED,
  type AlertMailDeliveredData,
  mailDeliveredEventId,
  mailDeliveryStreamId,
} from './mail-delivered.event';

interface DeliveryRow extends OutboxMailRow {
  readonly attempts: number;
}

/** TypeORM answers an UPDATE … RETURNING on PostgreSQL with `[rows, affected]`. */
function returning<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

export interface DeliveryRunResult {
  readonly sent: number;
  /** Found already delivered in the event store (a replay, or a crash after recording): marked sent, not sent. */
  readonly alreadySent: number;
  readonly failed: number;
  readonly dead: number;
}

/** Pauses between attempts to record a delivery while the database is away (about 12 s in all). */
const RECORD_RETRY_MS = [200, 400, 800, 1600, 3200, 6400];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
    return Math.min(this.alerts.mailBackoffMaxMs, this.alerts.mailBackoffMs * 2 ** Math.max(0, attempts - 1));
  }

  /** Sends every due mail (in claimed batches) and returns what happened. */
  async deliverDue(batch = 20): Promise<DeliveryRunResult> {
    const result = { sent: 0, alreadySent: 0, failed: 0, dead: 0 };
    for (;;) {
      const claimed = await this.claim(batch);
      if (claimed.length === 0) return result;
      for (const row of claimed) {
        const outcome = await this.deliver(row);
        result[outcome]++;
      }
    }
  }

  private async claim(limit: number): Promise<DeliveryRow[]> {
    return returning<DeliveryRow>(
      await this.dataSource.query(
        `UPDATE alert_deliveries d
          SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
        WHERE d.id IN (SELECT id FROM alert_deliveries
                        WHERE state = 'pending' AND next_attempt_at <= now()
                        ORDER BY next_attempt_at, created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING d.id, d.message_id, d.recipient_email, d.recipient_name, d.subject, d.text_body, d.html_body,
                  d.attempts, d.created_at`,
        [limit, this.alerts.mailLeaseMs],
      ),
    );
  }

  private async deliver(row: DeliveryRow): Promise<keyof DeliveryRunResult> {
    const recorded = await this.recordedAt(row.id);
    if (recorded) {
      await this.markSent(row.id, recorded);
      return 'alreadySent';
    }
    const transport = this.getTransport();
    try {
      await transport.send(outgoingMail(row, this.config.mailFrom));
    } catch (e) {
      const error = (e instanceof Error ? e.message : String(e)).slice(0, 1000);
      const rows = returning<{ state: string }>(
        await this.dataSource.query(
          `UPDATE alert_deliveries
            SET last_error = $2,
                state = CASE WHEN attempts >= $3 THEN 'dead' ELSE 'pending' END,
                dead_at = CASE WHEN attempts >= $3 THEN now() END,
                next_attempt_at = CASE WHEN attempts >= $3 THEN next_attempt_at
                                       ELSE now() + make_interval(secs => $4::double precision / 1000) END
          WHERE id = $1 AND state = 'pending'
          RETURNING state`,
          [row.id, error, this.alerts.mailMaxAttempts, this.backoffMs(row.attempts)],
        ),
      );
      const dead = rows[0]?.state === 'dead';
      this.log.warn(
        `mail ${row.id} to ${row.recipient_email} via ${transport.describe}: attempt ${row.attempts} failed` +
          `${dead ? ', dead-lettered' : `, retry in ${this.backoffMs(row.attempts)} ms`}: ${error}`,
      );
      return dead ? 'dead' : 'failed';
    }
    await this.afterSendBeforeMark?.(row.id);
    await this.record(row, transport.describe);
    await this.markSent(row.id, null);
    return 'sent';
  }

  /** When the event store recorded this mail's delivery, if it did. */
  private async recordedAt(deliveryId: string): Promise<Date | null> {
    const events = await this.store.readStream(mailDeliveryStreamId(deliveryId));
    return events.find((e) => e.type === ALERT_MAIL_DELIVERED)?.recordedAt ?? null;
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
    for (let i = 0; ; i++) {
      try {
        await this.store.append(mailDeliveryStreamId(row.id), [event], 'any');
        return;
      } catch (e) {
        const wait = RECORD_RETRY_MS[i];
        if (wait === undefined) throw e;
        this.log.warn(
          `mail ${row.id} sent, recording it failed (retry in ${wait} ms): ${e instanceof Error ? e.message : String(e)}`,
        );
        await sleep(wait);
      }
    }
  }

  private async markSent(deliveryId: string, at: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE alert_deliveries SET state = 'sent', sent_at = coalesce($2, now()), last_error = NULL
        WHERE id = $1 AND state = 'pending'`,
      [deliveryId, at],
    );
  }

  onApplicationShutdown(): void {
    this.transport?.close();
    this.transport = undefined;
  }
}
