import type { DataSource } from 'typeorm';
import { AlertError } from '../domain/alert.errors';
import type { OutboxChannel } from '../delivery/outbox-rows';
import type { DeliveryState, DeliveryView } from './alert-views';

interface DeliveryRow {
  id: string;
  channel: OutboxChannel;
  message_id: string;
  run_id: string;
  run_kind: string;
  as_of: string;
  recipient_email: string;
  recipient_name: string;
  subject: string;
  alert_ids: string[];
  state: DeliveryState;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  dead_at: Date | null;
}

type Db = Pick<DataSource, 'query'>;

/** The outbox (`alert_deliveries`), newest first: those in `state`, or the one `id`. */
export async function deliveryPage(
  db: Db,
  state?: DeliveryState,
  limit = 100,
  offset = 0,
  id?: string,
): Promise<{ total: number; items: DeliveryView[] }> {
  const where = id !== undefined ? 'WHERE id::text = $1' : state ? 'WHERE state = $1' : '';
  const params = id !== undefined ? [id] : state ? [state] : [];
  const total = Number(
    (await db.query<{ n: string }[]>(`SELECT count(*) AS n FROM alert_deliveries ${where}`, params))[0]?.n ??
      0,
  );
  const rows = await db.query<DeliveryRow[]>(
    `SELECT id, channel, message_id, run_id, run_kind, as_of::text AS as_of, recipient_email, recipient_name, subject, alert_ids,
            state, attempts, next_attempt_at, last_error, created_at, sent_at, dead_at
       FROM alert_deliveries ${where} ORDER BY created_at DESC, recipient_email
      LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      messageId: r.message_id,
      runId: r.run_id,
      runKind: r.run_kind,
      asOf: r.as_of,
      recipient: { name: r.recipient_name, email: r.recipient_email },
      subject: r.subject,
      alertIds: r.alert_ids,
      state: r.state,
      attempts: r.attempts,
      nextAttemptAt: r.state === 'pending' ? r.next_attempt_at.toISOString() : null,
      lastError: r.last_error,
      createdAt: r.created_at.toISOString(),
      sentAt: r.sent_at?.toISOString() ?? null,
      deadAt: r.dead_at?.toISOString() ?? null,
    })),
  };
}

/** Puts a dead-lettered mail back in the outbox with fresh attempts (admin). */
export async function retryDeadDelivery(db: Db, id: string): Promise<DeliveryView> {
  const rows = await db.query<{ state: string }[]>('SELECT state FROM alert_deliveries WHERE id::text = $1', [
    id,
  ]);
  if (!rows[0]) throw new AlertError('DELIVERY_NOT_FOUND', { id });
  if (rows[0].state !== 'dead') throw new AlertError('DELIVERY_NOT_DEAD', { id, state: rows[0].state });
  await db.query(
    `UPDATE alert_deliveries SET state = 'pending', attempts = 0, next_attempt_at = now(), dead_at = NULL
      WHERE id::text = $1 AND state = 'dead'`,
    [id],
  );
  return (await deliveryPage(db, undefined, 1, 0, id)).items[0]!;
}
