/**
 * The ledger's rows looked up by event id or stream (the idempotency decision, the expected-version check,
 * the place of KurrentDB's stream reads, the cross-check against `$all`). The ledger itself: `kurrentdb-ledger.ts`.
 */
import type { RecordedEvent } from '../event-store.port';
import { toRecordedEvent } from '../postgres/event-rows';
import type { ExistingEvent } from './kurrentdb-append-requests';
import type { Sql } from './kurrentdb-ledger';

interface PlaceColumns {
  readonly event_id: string;
  readonly stream_id: string;
  readonly stream_version: number;
  readonly global_position: string;
}

/** Ledger events by id, their place and `columns` (a fixed list) made a value by `toValue`, keyed by event id. */
async function byEventId<Columns, Value>(
  q: Sql,
  eventIds: readonly string[],
  columns: string,
  toValue: (r: PlaceColumns & Columns) => Value,
): Promise<Map<string, Value>> {
  if (eventIds.length === 0) return new Map();
  const rows = await q.query<(PlaceColumns & Columns)[]>(
    `SELECT event_id::text AS event_id, stream_id, stream_version, global_position, ${columns}
       FROM events WHERE event_id = ANY($1::uuid[])`,
    [eventIds],
  );
  return new Map(rows.map((r) => [r.event_id, toValue(r)]));
}

/** Events of the ledger with these ids (lower-case), for the idempotency decision. */
export async function findExisting(q: Sql, eventIds: readonly string[]): Promise<Map<string, ExistingEvent>> {
  return byEventId<{ type: string; data: unknown }, ExistingEvent>(q, eventIds, 'type, data', (r) => ({
    eventId: r.event_id,
    streamId: r.stream_id,
    version: r.stream_version,
    position: Number(r.global_position),
    type: r.type,
    data: r.data,
  }));
}

export async function idsInLedger(q: Sql, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await q.query<{ event_id: string }[]>(
    'SELECT event_id::text AS event_id FROM events WHERE event_id = ANY($1::uuid[])',
    [eventIds],
  );
  return new Set(rows.map((r) => r.event_id));
}

/** Each stream's version and last event id, as the ledger holds them (streams without events are left out). */
export async function streamHeads(
  q: Sql,
  streamIds: readonly string[],
): Promise<Map<string, { version: number; eventId: string }>> {
  const rows = await q.query<{ stream_id: string; version: number; event_id: string }[]>(
    `SELECT DISTINCT ON (stream_id) stream_id, stream_version AS version, event_id FROM events
      WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, stream_version DESC`,
    [streamIds],
  );
  return new Map(rows.map((r) => [r.stream_id, { version: Number(r.version), eventId: r.event_id }]));
}

interface LedgerPlace {
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The position and hashes of ledger events by id (to give KurrentDB's stream reads their place). */
export async function ledgerPlaces(q: Sql, eventIds: readonly string[]): Promise<Map<string, LedgerPlace>> {
  return byEventId<{ prev_hash: string; hash: string }, LedgerPlace>(q, eventIds, 'prev_hash, hash', (r) => ({
    streamId: r.stream_id,
    version: r.stream_version,
    position: Number(r.global_position),
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

/** Ledger rows from `fromPosition` on, for the cross-check against `$all`. */
export async function readLedger(q: Sql, fromPosition: number, limit: number): Promise<RecordedEvent[]> {
  const rows = await q.query<Parameters<typeof toRecordedEvent>[0][]>(
    `SELECT global_position, stream_id, stream_version, event_id::text AS event_id, type, data, metadata, recorded_at
       FROM events WHERE global_position >= $1 ORDER BY global_position LIMIT $2`,
    [fromPosition, limit],
  );
  return rows.map(toRecordedEvent);
}

/** The ledger position of an event id, if the ledger holds it. */
export async function positionOfId(q: Sql, eventId: string): Promise<number | undefined> {
  const rows = await q.query<{ global_position: string }[]>(
    'SELECT global_position FROM events WHERE event_id = $1::uuid',
    [eventId],
  );
  return rows[0] ? Number(rows[0].global_position) : undefined;
}
