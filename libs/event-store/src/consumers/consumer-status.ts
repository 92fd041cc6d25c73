import type { DataSource } from 'typeorm';
import { eventBound } from './event-bound';

/** A consumer's failing batches since its last success, as recorded on its checkpoint row. */
export interface ConsumerFailing {
  /** The first failure since the last success. */
  readonly since: Date;
  readonly failures: number;
  /** The last error's message, on one line. */
  readonly error: string;
  /** The last error's SQLSTATE (null: none, a JavaScript error). */
  readonly sqlState: string | null;
  /**
   * Whether the last error can come from an event's content (`eventBound`): false when it fails whatever the batch
   * holds (a missing table, rights, resources…): no event is pinned down, the cause must be fixed (no skip).
   */
  readonly eventBound: boolean;
  /**
   * The event that fails, once a batch of that one event failed (null while it is being pinned down, or when the
   * error is not `eventBound`).
   */
  readonly position: number | null;
  readonly eventId: string | null;
}

/** A checkpoint row as the status reads it. */
export interface CheckpointRow {
  name: string;
  position: string;
  updated_at: Date;
  failing_since: Date | null;
  failures: number | null;
  last_error: string | null;
  last_error_code: string | null;
  failing_position: string | null;
  failing_event_id: string | null;
  /** The positions the consumer was stepped over (`consumer_skips`), in order. */
  skips: string[];
}

/** Every checkpoint with its failure and its skips, in one statement. */
export const CHECKPOINTS_SQL = `SELECT c.name, c.position, c.updated_at, c.failing_since, c.failures, c.last_error,
       c.last_error_code, c.failing_position, c.failing_event_id,
       ARRAY(SELECT DISTINCT s.position FROM consumer_skips s WHERE s.consumer = c.name ORDER BY 1)::text[] AS skips
  FROM consumer_checkpoints c`;

/** The failure recorded on a row (null when the consumer is not failing). */
export function failingOf(r: CheckpointRow | undefined): ConsumerFailing | null {
  if (r?.failing_since == null) return null;
  return {
    since: r.failing_since,
    failures: r.failures ?? 0,
    error: r.last_error ?? '',
    sqlState: r.last_error_code,
    eventBound: eventBound(r.last_error_code),
    position: r.failing_position === null ? null : Number(r.failing_position),
    eventId: r.failing_event_id,
  };
}

export interface ConsumerStatus {
  readonly name: string;
  readonly position: number;
  readonly head: number;
  readonly lag: number;
  readonly updatedAt: Date | null;
  /**
   * When the first event after its checkpoint was recorded (`events.recorded_at`): how long the oldest event it has
   * not yet processed has waited; null when none is pending (at the head).
   */
  readonly oldestPendingAt: Date | null;
  /** The database's clock when this status was read: `updatedAt` and `oldestPendingAt` are on that clock too. */
  readonly readAt: Date;
  /** Whether this process holds the consumer's lock right now. */
  readonly activeHere: boolean;
  /** Its batches' failure since its last success (null: not failing). */
  readonly failing: ConsumerFailing | null;
  /** The positions of the events it was stepped over (`projections skip`), in order. */
  readonly skips: readonly number[];
}

/** A consumer's row of the status statement (the checkpoint's columns null when it has none yet). */
type StatusRow = Partial<CheckpointRow> & {
  consumer: string;
  head: string;
  read_at: Date;
  oldest_pending_at: Date | null;
};

/**
 * One statement, one snapshot: each consumer's checkpoint with its failure and skips, the event right after it
 * (a primary-key range read: `LIMIT 1` on the log's order, no scan), the head and the database's now.
 */
const STATUS_SQL = `WITH h AS (SELECT coalesce(max(global_position), 0) AS head, now() AS read_at FROM events)
SELECT n.name AS consumer, c.*, h.head, h.read_at, p.recorded_at AS oldest_pending_at
  FROM unnest($1::text[]) AS n(name)
  CROSS JOIN h
  LEFT JOIN (${CHECKPOINTS_SQL}) c ON c.name = n.name
  LEFT JOIN LATERAL (SELECT e.recorded_at FROM events e WHERE e.global_position > coalesce(c.position, 0)
                      ORDER BY e.global_position LIMIT 1) p ON true`;

/** The status of the consumers `names`, in that order: see `STATUS_SQL`. */
export async function readStatus(
  ds: DataSource,
  names: readonly string[],
  activeHere: (name: string) => boolean,
): Promise<ConsumerStatus[]> {
  if (names.length === 0) return [];
  const rows = await ds.query<StatusRow[]>(STATUS_SQL, [names]);
  const byName = new Map(rows.map((r) => [r.consumer, r]));
  return names.map((name) => {
    const r = byName.get(name);
    const position = Number(r?.position ?? 0);
    const head = Number(r?.head ?? 0);
    return {
      name,
      position,
      head,
      lag: head - position,
      updatedAt: r?.updated_at ?? null,
      oldestPendingAt: r?.oldest_pending_at ?? null,
      readAt: r?.read_at ?? new Date(),
      activeHere: activeHere(name),
      failing: failingOf(r as CheckpointRow | undefined),
      skips: (r?.skips ?? []).map(Number),
    };
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Read-your-writes: waits until every consumer of `names` has reached `position` (false after `timeoutMs`). False
 * at once when one that has not is recorded failing (stuck on an event: waiting would only delay the answer).
 */
export async function waitForPositions(
  ds: DataSource,
  names: readonly string[],
  position: number,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await ds.query<{ name: string; position: string; failing: boolean }[]>(
      `SELECT name, position, failing_since IS NOT NULL AS failing
         FROM consumer_checkpoints WHERE name = ANY($1)`,
      [names],
    );
    const behind = names
      .map((n) => rows.find((r) => r.name === n))
      .filter((r) => Number(r?.position ?? 0) < position);
    if (behind.length === 0) return true;
    if (Date.now() >= deadline || behind.some((r) => r?.failing === true)) return false;
    await sleep(Math.min(50, Math.max(1, deadline - Date.now())));
  }
}
