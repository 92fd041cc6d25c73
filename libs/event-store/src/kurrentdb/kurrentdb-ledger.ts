/**
 * The PostgreSQL half of the KurrentDB adapter: the ledger. KurrentDB holds the events; the ledger is
 * the `events` table, written only by this code when `EVENT_STORE=kurrentdb`, as an ordered copy of the
 * service's events in `$all` order, with gapless positions and the same sha256 chain `pm_append`
 * computes (the hash is computed in SQL by `pm_event_canonical`, so the PostgreSQL verifier, the
 * consumers and the audit endpoint work on it unchanged). Its checkpoint, the KurrentDB position of
 * the last `$all` record it has seen, lives in `consumer_checkpoints` and moves in the same
 * transaction as the rows. Its rows looked up by id or stream: `kurrentdb-ledger-lookups.ts`.
 */
import type { EntityManager } from 'typeorm';
import type { Position } from '@kurrent/kurrentdb-client';
import { GENESIS_HASH } from '../hash-chain';
import type { LedgerRow } from './kurrentdb-ledger-plan';

export type Sql = Pick<EntityManager, 'query'>;

/** The lock `pm_append` takes: one writer of `events` at a time, whichever adapter writes. */
export const LEDGER_LOCK = 72620110;

export interface LedgerHead {
  readonly position: number;
  readonly hash: string;
}

export interface LedgerState extends LedgerHead {
  /** The `$all` position of the last record the ledger has seen; undefined = from the start. */
  readonly cursor: Position | undefined;
}

/** Two `consumer_checkpoints` rows hold the cursor (the table has one bigint per name). */
export function cursorNames(streamPrefix: string): { commit: string; prepare: string } {
  return {
    commit: `kurrentdb:${streamPrefix}$all:commit`,
    prepare: `kurrentdb:${streamPrefix}$all:prepare`,
  };
}

export async function lockLedger(q: Sql): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK]);
}

export async function loadLedgerState(q: Sql, streamPrefix: string): Promise<LedgerState> {
  const names = cursorNames(streamPrefix);
  const rows = await q.query<
    { position: string | null; hash: string | null; commit: string | null; prepare: string | null }[]
  >(
    `SELECT h.global_position AS position, h.hash,
            (SELECT position FROM consumer_checkpoints WHERE name = $1) AS commit,
            (SELECT position FROM consumer_checkpoints WHERE name = $2) AS prepare
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (SELECT global_position, hash FROM events ORDER BY global_position DESC LIMIT 1) h
         ON true`,
    [names.commit, names.prepare],
  );
  const r = rows[0];
  const position = Number(r?.position ?? 0);
  const cursor =
    r?.commit != null && r.prepare != null
      ? { commit: BigInt(r.commit), prepare: BigInt(r.prepare) }
      : undefined;
  if (position > 0 && cursor === undefined) {
    throw new Error(
      `The events table holds ${position} events but no KurrentDB checkpoint (${names.commit}): ` +
        'they were not written by the KurrentDB adapter with this stream prefix. Use an empty database ' +
        'for EVENT_STORE=kurrentdb (the ledger is rebuilt from $all).',
    );
  }
  return { position, hash: r?.hash ?? GENESIS_HASH, cursor };
}

export async function saveCursor(q: Sql, streamPrefix: string, cursor: Position): Promise<void> {
  const names = cursorNames(streamPrefix);
  await q.query(
    `INSERT INTO consumer_checkpoints (name, position) VALUES ($1, $2), ($3, $4)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()`,
    [names.commit, cursor.commit.toString(), names.prepare, cursor.prepare.toString()],
  );
}

/**
 * Inserts numbered rows after `head`, chaining the hashes in one statement (a recursive CTE over
 * `pm_event_canonical`, the function `pm_append` uses). Returns the new head.
 */
export async function insertLedgerRows(
  q: Sql,
  head: LedgerHead,
  rows: readonly LedgerRow[],
): Promise<LedgerHead> {
  if (rows.length === 0) return head;
  rows.forEach((r, i) => {
    if (r.position !== head.position + i + 1) throw new Error(`ledger rows out of sequence at ${r.position}`);
  });
  const payload = JSON.stringify(
    rows.map((r) => ({
      position: r.position,
      streamId: r.streamId,
      version: r.version,
      eventId: r.eventId,
      type: r.type,
      data: r.data,
      metadata: r.metadata,
      recordedAt: r.recordedAt.toISOString(),
    })),
  );
  const inserted = await q.query<{ global_position: string; hash: string }[]>(
    `WITH RECURSIVE input AS (
       SELECT (x->>'position')::bigint AS pos, x->>'streamId' AS stream_id, (x->>'version')::integer AS ver,
              (x->>'eventId')::uuid AS event_id, x->>'type' AS type, x->'data' AS data,
              x->'metadata' AS metadata, (x->>'recordedAt')::timestamptz AS recorded_at
         FROM jsonb_array_elements($1::jsonb) AS x
     ), chain(pos, prev_hash, hash) AS (
       SELECT $2::bigint, NULL::text, $3::text
       UNION ALL
       SELECT i.pos, c.hash,
              encode(sha256(convert_to(pm_event_canonical(c.hash, i.pos, i.stream_id, i.ver, i.event_id, i.type,
                                                          i.data, i.metadata, i.recorded_at), 'UTF8')), 'hex')
         FROM chain c JOIN input i ON i.pos = c.pos + 1
     )
     INSERT INTO events (global_position, stream_id, stream_version, event_id, type, data, metadata,
                         recorded_at, prev_hash, hash)
     SELECT i.pos, i.stream_id, i.ver, i.event_id, i.type, i.data, i.metadata, i.recorded_at, c.prev_hash, c.hash
       FROM input i JOIN chain c ON c.pos = i.pos
     RETURNING global_position, hash`,
    [payload, head.position, head.hash],
  );
  if (inserted.length !== rows.length) throw new Error('ledger insert: row count mismatch');
  const last = inserted.reduce((a, b) => (Number(b.global_position) > Number(a.global_position) ? b : a));
  return { position: Number(last.global_position), hash: last.hash };
}

/** Wakes the consumers (no payload, as `pm_append`'s: a transaction's notifications fold into one). */
export async function notifyConsumers(q: Sql): Promise<void> {
  await q.query(`SELECT pg_notify('pm_events', '')`);
}
