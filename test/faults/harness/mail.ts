import type { Client } from 'pg';
import type { SmtpTestServer } from '@app/alerts/testing';
import type { Tally } from './fault';
import { call, type AnswerLog } from './http';

/** Time-based alert scans at two dates and two reported delays, over HTTP: a few dozen digests to send. */
export async function raiseAlerts(base: string, token: string, log: AnswerLog): Promise<void> {
  for (const asOf of ['2021-01-05', '2021-12-10']) {
    log.record(await call(base, 'POST', '/api/v1/alerts:scan', { token, body: { asOf } }));
  }
  for (const m of ['sanqu-2020.T06-2021', 'sanqu-2020.T07-2021']) {
    log.record(
      await call(base, 'POST', `/api/v1/milestones/${m}/delays`, {
        token,
        body: { reason: '项目签约推迟', forecastDate: '2022-03-31', occurredAt: '2021-11-10T10:00:00+08:00' },
      }),
    );
  }
}

export async function outboxCounts(pg: Client): Promise<{ total: number; pending: number; dead: number }> {
  const r = await pg.query<{ total: number; pending: number; dead: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE state = 'pending')::int AS pending,
            count(*) FILTER (WHERE state = 'dead')::int AS dead FROM alert_deliveries`,
  );
  return r.rows[0]!;
}

/** The largest distance of any consumer from the head of the log (0 = every consumer caught up). */
export async function consumerLag(pg: Client): Promise<number> {
  const r = await pg.query<{ lag: string }>(
    `SELECT coalesce(max((SELECT coalesce(max(global_position), 0) FROM events) - position), 0) AS lag
       FROM consumer_checkpoints`,
  );
  return Number(r.rows[0]!.lag);
}

/**
 * Every queued mail accepted by the SMTP server exactly once (by Message-ID) and marked sent; nothing accepted
 * that was not queued.
 */
export async function checkMails(pg: Client, smtp: SmtpTestServer, t: Tally): Promise<number> {
  const rows = (
    await pg.query<{ message_id: string; state: string }>('SELECT message_id, state FROM alert_deliveries')
  ).rows;
  const received = new Map<string, number>();
  for (const m of smtp.received) received.set(m.messageId, (received.get(m.messageId) ?? 0) + 1);
  for (const row of rows) {
    const n = received.get(row.message_id) ?? 0;
    if (n === 0) t.problem('lost', `mail ${row.message_id} (${row.state}) never accepted`);
    if (n > 1) t.problem('dup', `mail ${row.message_id} accepted ${n} times`, n - 1);
    if (row.state !== 'sent') t.problem('unexpected', `mail ${row.message_id} is ${row.state}`);
  }
  const queued = new Set(rows.map((r) => r.message_id));
  for (const id of received.keys())
    if (!queued.has(id)) t.problem('unexpected', `mail ${id} was never queued`);
  return rows.length;
}
