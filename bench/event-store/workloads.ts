import type { Pool } from 'pg';
import type { NewEvent } from '@app/event-store';
import { progressReported } from './payload';

/** Events per batch in the batch benchmark, streams per client in the append benchmarks. */
export const BATCH = 100;
const STREAMS_PER_CLIENT = 20;
const HASH = 'f'.repeat(64);

const RAW_COLUMNS = `id bigserial PRIMARY KEY, stream_id text NOT NULL, stream_version integer NOT NULL,
  event_id uuid NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(), prev_hash char(64) NOT NULL, hash char(64) NOT NULL`;

export async function createRawTables(pool: Pool): Promise<void> {
  // The baseline: a plain table with rows of the same shape and size as `events`, primary key only.
  await pool.query(`CREATE TABLE raw_events (${RAW_COLUMNS})`);
  // Diagnostic: the same, with the secondary indexes `events` has (to separate their cost from pm_append's).
  await pool.query(`CREATE TABLE raw_events_indexed (${RAW_COLUMNS},
    UNIQUE (stream_id, stream_version), UNIQUE (event_id))`);
  await pool.query(`CREATE INDEX raw_events_indexed_type_id_idx ON raw_events_indexed (type, id)`);
}

const INSERT_COLUMNS = '(stream_id, stream_version, event_id, type, data, metadata, prev_hash, hash)';
export const insertOne = (t: string) =>
  `INSERT INTO ${t} ${INSERT_COLUMNS} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
export const INSERT_BATCH = `INSERT INTO raw_events ${INSERT_COLUMNS} VALUES ${Array.from(
  { length: BATCH },
  (_, r) => {
    const b = r * 8;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8})`;
  },
).join(', ')}`;
/** One append in a transaction of its own: what every append was before group commit. */
export const PM_APPEND = 'SELECT out_version, out_position FROM pm_append($1, $2, $3, $4::jsonb)';
// The same statement PostgresEventStore.readAll sends.
export const READ_ALL = `SELECT global_position, stream_id, stream_version, event_id, type, data, metadata,
                             recorded_at, prev_hash, hash FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2`;
export const READ_RAW = `SELECT id, stream_id, stream_version, event_id, type, data, metadata, recorded_at, prev_hash, hash
                    FROM raw_catchup WHERE id > $1 ORDER BY id LIMIT $2`;

export function rawParams(e: NewEvent, stream: string, version: number): unknown[] {
  return [stream, version, e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), HASH, HASH];
}

/** Each client writes to its own streams, round-robin, and knows their versions (appends use exact expected versions). */
export class Streams {
  private readonly versions = new Map<string, number>();
  private readonly counters: number[] = [];
  constructor(private readonly prefix: string) {}

  next(client: number): { stream: string; version: number } {
    const k = (this.counters[client] = (this.counters[client] ?? 0) + 1);
    const stream = `${this.prefix}-${client}-${k % STREAMS_PER_CLIENT}`;
    return { stream, version: this.versions.get(stream) ?? 0 };
  }

  advance(stream: string, n: number): void {
    this.versions.set(stream, (this.versions.get(stream) ?? 0) + n);
  }
}

let seq = 0;
export const nextEvents = (n: number): NewEvent[] => Array.from({ length: n }, () => progressReported(seq++));

/** Pages through everything from the start; `read` returns the page's row count and last position. */
export async function catchUp(
  read: (after: number) => Promise<readonly [count: number, last: number]>,
): Promise<number> {
  let after = 0;
  let n = 0;
  for (;;) {
    const [count, last] = await read(after);
    if (count === 0) return n;
    n += count;
    after = last;
  }
}
