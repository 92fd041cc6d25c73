/**
 * Reads of the `events` table, shared by the PostgreSQL adapter and the KurrentDB adapter's ledger (the same
 * table, the same queries).
 */
import type { DataSource } from 'typeorm';
import type { StoredEvent, StreamPrefixReadOptions } from '../event-store.port';
import { type EventRow, SELECT_EVENT, toStoredEvent } from './event-rows';

type Sql = Pick<DataSource, 'query'>;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Every event after a position, in position order, at most `limit`. */
export async function readAllFrom(q: Sql, afterPosition: number, limit: number): Promise<StoredEvent[]> {
  const rows = await q.query<EventRow[]>(
    `${SELECT_EVENT} WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
    [afterPosition, limit],
  );
  return rows.map(toStoredEvent);
}

/**
 * A page of the streams with a prefix: keyset over the unique index (stream_id, stream_version), so each page is
 * one index range scan whatever the table's size.
 */
export async function readStreamsWithPrefixFrom(
  q: Sql,
  prefix: string,
  options: StreamPrefixReadOptions,
): Promise<StoredEvent[]> {
  const rows = await q.query<EventRow[]>(
    `${SELECT_EVENT} WHERE (stream_id, stream_version) > ($1, $2) AND stream_id LIKE $3 AND global_position <= $4
     ORDER BY stream_id, stream_version LIMIT $5`,
    [
      options.after?.streamId ?? prefix,
      options.after?.version ?? 0,
      `${escapeLike(prefix)}%`,
      options.maxPosition ?? Number.MAX_SAFE_INTEGER,
      options.limit,
    ],
  );
  return rows.map(toStoredEvent);
}

/** Whole streams by id: one statement, each stream a range of the index on (stream_id, stream_version). */
export async function readStreamsFrom(
  q: Sql,
  streamIds: readonly string[],
): Promise<Map<string, StoredEvent[]>> {
  const out = new Map<string, StoredEvent[]>(streamIds.map((id) => [id, []]));
  if (out.size === 0) return out;
  const rows = await q.query<EventRow[]>(
    `${SELECT_EVENT} WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, stream_version`,
    [[...out.keys()]],
  );
  for (const r of rows) out.get(r.stream_id)?.push(toStoredEvent(r));
  return out;
}

/** Positions are in commit order and `recorded_at` never decreases along them: the last one recorded by then. */
export async function lastPositionRecordedByFrom(
  q: Sql,
  instant: Date,
  maxPosition?: number,
): Promise<number> {
  // Backwards from `maxPosition` along the primary key: stops at the first event recorded by then. Compared in
  // milliseconds, as `StoredEvent.recordedAt` shows it: an event read back at instant T counts as recorded by T.
  const rows = await q.query<{ p: string | null }[]>(
    `SELECT global_position AS p FROM events
      WHERE date_trunc('milliseconds', recorded_at) <= $1 AND global_position <= $2
     ORDER BY global_position DESC LIMIT 1`,
    [instant.toISOString(), maxPosition ?? Number.MAX_SAFE_INTEGER],
  );
  return Number(rows[0]?.p ?? 0);
}

/** The position of the last event, 0 when there is none. */
export async function headPositionFrom(q: Sql): Promise<number> {
  const rows = await q.query<{ head: string }[]>(
    'SELECT coalesce(max(global_position), 0) AS head FROM events',
  );
  return Number(rows[0]?.head ?? 0);
}
