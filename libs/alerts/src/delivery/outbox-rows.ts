import type { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { EventStore, NewEvent } from '@app/event-store';
import { queryReturning } from '@app/platform';
import type { AlertsConfig } from '../config/alerts-config';

/**
 * The outbox rules every channel shares (`alert_deliveries`: mails and robot messages alike): claim due rows
 * under a lease, back off exponentially after a failure, dead-letter after ALERT_MAIL_MAX_ATTEMPTS, record a
 * delivery in the event store (retrying while the database is away), mark the row sent.
 */

export const OUTBOX_CHANNELS = ['mail', 'dingtalk', 'wecom'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];

export interface DeliveryRunResult {
  readonly sent: number;
  /** Found already delivered in the event store (a replay, or a crash after recording): marked sent, not sent. */
  readonly alreadySent: number;
  readonly failed: number;
  readonly dead: number;
}

/** The delay before attempt `attempts + 1`. */
export function backoffMs(alerts: AlertsConfig, attempts: number): number {
  return Math.min(alerts.mailBackoffMaxMs, alerts.mailBackoffMs * 2 ** Math.max(0, attempts - 1));
}

/** Claims up to `limit` due rows of these channels (attempts + 1, not claimable again until the lease ends). */
export async function claimDue<T>(
  ds: DataSource,
  channels: readonly OutboxChannel[],
  columns: string,
  limit: number,
  leaseMs: number,
): Promise<T[]> {
  return queryReturning<T>(
    ds,
    `UPDATE alert_deliveries d
          SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
        WHERE d.id IN (SELECT id FROM alert_deliveries
                        WHERE state = 'pending' AND channel = ANY($3::text[]) AND next_attempt_at <= now()
                        ORDER BY next_attempt_at, created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING ${columns}`,
    [limit, leaseMs, channels],
  );
}

/**
 * A failed attempt: retried after the backoff, or dead-lettered once it was the last allowed. `strike: false`
 * (the receiver asked us to slow down) gives the attempt back: it never dead-letters, it only waits.
 */
export async function failDelivery(
  ds: DataSource,
  alerts: AlertsConfig,
  row: { readonly id: string; readonly attempts: number },
  error: string,
  strike = true,
): Promise<'dead' | 'failed'> {
  const rows = await queryReturning<{ state: string }>(
    ds,
    `UPDATE alert_deliveries
          SET last_error = $2,
              attempts = CASE WHEN $5::boolean THEN attempts ELSE greatest(attempts - 1, 0) END,
              state = CASE WHEN $5::boolean AND attempts >= $3 THEN 'dead' ELSE 'pending' END,
              dead_at = CASE WHEN $5::boolean AND attempts >= $3 THEN now() END,
              next_attempt_at = CASE WHEN $5::boolean AND attempts >= $3 THEN next_attempt_at
                                     ELSE now() + make_interval(secs => $4::double precision / 1000) END
        WHERE id = $1 AND state = 'pending'
        RETURNING state`,
    [row.id, error.slice(0, 1000), alerts.mailMaxAttempts, backoffMs(alerts, row.attempts), strike],
  );
  return rows[0]?.state === 'dead' ? 'dead' : 'failed';
}

export async function markDeliverySent(ds: DataSource, deliveryId: string, at: Date | null): Promise<void> {
  await ds.query(
    `UPDATE alert_deliveries SET state = 'sent', sent_at = coalesce($2, now()), last_error = NULL
      WHERE id = $1 AND state = 'pending'`,
    [deliveryId, at],
  );
}

/** When the event store recorded this delivery (an event of `type` in `streamId`), if it did. */
export async function recordedAt(store: EventStore, streamId: string, type: string): Promise<Date | null> {
  const events = await store.readStream(streamId);
  return events.find((e) => e.type === type)?.recordedAt ?? null;
}

/** Pauses between attempts to record a delivery while the database is away (about 12 s in all). */
const RECORD_RETRY_MS = [200, 400, 800, 1600, 3200, 6400];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Appends the delivery's event (idempotent: a deterministic event id), retrying for a while. */
export async function recordDelivery(
  store: EventStore,
  streamId: string,
  event: NewEvent,
  log: Logger,
): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await store.append(streamId, [event], 'any');
      return;
    } catch (e) {
      const wait = RECORD_RETRY_MS[i];
      if (wait === undefined) throw e;
      log.warn(
        `${streamId}: sent, recording it failed (retry in ${wait} ms): ${e instanceof Error ? e.message : String(e)}`,
      );
      await sleep(wait);
    }
  }
}

/** What a sender's round needs: its rows (channels, columns) and the event that records a delivery. */
export interface SenderRound<T> {
  readonly channels: readonly OutboxChannel[];
  readonly columns: string;
  readonly batch: number;
  readonly deliveredStream: (deliveryId: string) => string;
  readonly deliveredType: string;
  /** Sends one row (not yet recorded as delivered); records and marks it sent itself. */
  readonly send: (row: T) => Promise<'sent' | 'failed' | 'dead'>;
  /** Fires once the process is stopping: no further row is sent, the ones claimed are given back. */
  readonly stop?: AbortSignal;
}

/** Gives claimed rows back untried: due at once, their claim's attempt not counted. */
export async function unclaim(ds: DataSource, ids: readonly string[]): Promise<void> {
  await ds.query(
    `UPDATE alert_deliveries SET attempts = greatest(attempts - 1, 0), next_attempt_at = now()
      WHERE id = ANY($1::uuid[]) AND state = 'pending'`,
    [ids],
  );
}

/**
 * One round of a sender: claims its due rows in batches until none is left; a row whose delivery the store
 * already records (a replay, or a crash after recording) is marked sent as of that record and not sent again.
 * Once `stop` fired, it starts no new send (a send under way finishes and is recorded, or is cut off
 * by the sender once the stop is older than its timeout) and gives the rest back.
 */
export async function deliverDue<T extends { readonly id: string }>(
  ds: DataSource,
  store: EventStore,
  alerts: AlertsConfig,
  round: SenderRound<T>,
): Promise<DeliveryRunResult> {
  const result = { sent: 0, alreadySent: 0, failed: 0, dead: 0 };
  for (;;) {
    if (round.stop?.aborted) return result;
    const claimed = await claimDue<T>(ds, round.channels, round.columns, round.batch, alerts.mailLeaseMs);
    if (claimed.length === 0) return result;
    for (const [i, row] of claimed.entries()) {
      if (round.stop?.aborted) {
        await unclaim(
          ds,
          claimed.slice(i).map((r) => r.id),
        );
        return result;
      }
      const recorded = await recordedAt(store, round.deliveredStream(row.id), round.deliveredType);
      if (recorded) {
        await markDeliverySent(ds, row.id, recorded);
        result.alreadySent++;
      } else {
        result[await round.send(row)]++;
      }
    }
  }
}
