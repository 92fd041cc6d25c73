import type { DataSource, EntityManager } from 'typeorm';
import { eventBound, sqlStateOf } from './event-bound';
import { CHECKPOINT_MOVED_CHANNEL } from './event-consumer';

/** How long a recorded error may be (one line; the stack stays in the log). */
const ERROR_CHARS = 500;

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

/**
 * What pinning the failing event down has learned (`FailingRun`): the limit of the next batch, and the last position
 * of the batch that failed last (null: unknown), at or before which the event is.
 */
export interface Narrowing {
  readonly limit: number;
  readonly until: number | null;
}

/**
 * What the loop records after a failed batch: the error, the event when the batch held only that one (and the error
 * is `eventBound`), the checkpoint the batch locked (`checkpoint`; undefined when it failed before), and the
 * narrowing of the next batches (undefined: none, the error is not tied to an event).
 */
export interface BatchFailure {
  readonly error: unknown;
  readonly event: { readonly position: number; readonly eventId: string } | undefined;
  readonly checkpoint: number | undefined;
  readonly narrowing?: Narrowing | undefined;
}

/**
 * The batch a failure happened in: the checkpoint it locked (undefined: it failed before), how many events it held,
 * the first one and the last one's position.
 */
export interface FailedBatch {
  readonly checkpoint: number | undefined;
  readonly count: number;
  readonly first: { readonly position: number; readonly eventId: string } | undefined;
  readonly last: number | undefined;
}

/** A batch of the loop failed (`cause`: the error), in `batch`. */
export class BatchFailedError extends Error {
  override readonly name = 'BatchFailedError';
  constructor(
    override readonly cause: unknown,
    readonly batch: FailedBatch,
  ) {
    super(errorLine(cause), { cause });
  }
}

/** An error as one line of at most `ERROR_CHARS` characters: its name (unless plain `Error`) and message. */
export function errorLine(e: unknown): string {
  const text = e instanceof Error ? (e.name === 'Error' ? e.message : `${e.name}: ${e.message}`) : String(e);
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > ERROR_CHARS ? `${line.slice(0, ERROR_CHARS - 1)}…` : line;
}

/**
 * Records a failed batch on the consumer's checkpoint row (creating it: the failed batch's upsert was rolled back),
 * outside the failed transaction: counts it, keeps the first failure's time, the last error (and its SQLSTATE), the
 * event and the narrowing (`failing_limit`, `failing_until`: a loop taking over goes on from it). Nothing when the
 * checkpoint is no longer the one the failed batch locked (a skip, a reset or a rebuild, waiting on the row's lock
 * while the batch rolled back, moved it and cleared the failure: writing it again would name the event just skipped,
 * or show a consumer replaying from 0 as failing, with a narrowing of a range it is far from).
 */
export async function recordFailure(ds: DataSource, name: string, failure: BatchFailure): Promise<void> {
  await ds.query(
    `INSERT INTO consumer_checkpoints AS c
       (name, failing_since, failures, last_error, last_error_code, failing_position, failing_event_id,
        failing_limit, failing_until)
       VALUES ($1, now(), 1, $2, $3, $4, $5, $7, $8)
     ON CONFLICT (name) DO UPDATE SET failing_since = coalesce(c.failing_since, now()),
       failures = coalesce(c.failures, 0) + 1, last_error = $2, last_error_code = $3, failing_position = $4,
       failing_event_id = $5, failing_limit = $7, failing_until = $8
     WHERE $6::bigint IS NULL OR c.position = $6::bigint`,
    [
      name,
      errorLine(failure.error),
      sqlStateOf(failure.error),
      failure.event?.position ?? null,
      failure.event?.eventId ?? null,
      failure.checkpoint ?? null,
      failure.narrowing?.limit ?? null,
      failure.narrowing?.until ?? null,
    ],
  );
}

/**
 * The narrowing recorded on a failing consumer's row, for a loop taking it over (undefined: none, or the checkpoint
 * has reached the end of the range it narrows, or that end is unknown). Trusted only with a failure recorded and a
 * range still ahead of the checkpoint: a version before migration 1764888000000 neither writes nor clears the pair,
 * so one it left behind is ignored once the checkpoint has passed it (and cleared by the next success).
 */
export async function recordedNarrowing(ds: DataSource, name: string): Promise<Narrowing | undefined> {
  const [row] = await ds.query<{ limit: number; until: string | null }[]>(
    `SELECT failing_limit AS "limit", failing_until AS until FROM consumer_checkpoints
      WHERE name = $1 AND failing_since IS NOT NULL AND failing_limit IS NOT NULL
        AND failing_until IS NOT NULL AND position < failing_until`,
    [name],
  );
  return row && { limit: row.limit, until: row.until === null ? null : Number(row.until) };
}

/** The failure columns set back to null (a batch succeeded, or the event was stepped over): the SET clause. */
export const CLEAR_FAILURE = `failing_since = NULL, failures = NULL, last_error = NULL, last_error_code = NULL,
       failing_position = NULL, failing_event_id = NULL, failing_limit = NULL, failing_until = NULL`;

/**
 * Sets the checkpoint of the consumer `name` by hand (a skip, a reset, a rebuild), in the caller's transaction on
 * the locked row: clears its failure and, at the commit, tells its loop (`CHECKPOINT_MOVED_CHANNEL`), which ends a
 * wait after a failure at once.
 */
export async function moveCheckpoint(tx: EntityManager, name: string, position: number): Promise<void> {
  await tx.query(
    `WITH moved AS (UPDATE consumer_checkpoints SET position = $2, updated_at = now(), ${CLEAR_FAILURE}
                     WHERE name = $1 RETURNING name)
     SELECT pg_notify('${CHECKPOINT_MOVED_CHANNEL}', name) FROM moved`,
    [name, position],
  );
}

/**
 * Clears a consumer's recorded failure (one statement; nothing when none is recorded), and a narrowing a version
 * before migration 1764888000000 left behind when it cleared its failure.
 */
export async function clearFailure(ds: DataSource, name: string): Promise<void> {
  await ds.query(
    `UPDATE consumer_checkpoints SET ${CLEAR_FAILURE}
      WHERE name = $1 AND (failing_since IS NOT NULL OR failing_limit IS NOT NULL OR failing_until IS NOT NULL)`,
    [name],
  );
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
