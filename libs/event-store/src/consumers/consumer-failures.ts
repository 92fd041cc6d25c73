import type { DataSource, EntityManager } from 'typeorm';
import { sqlStateOf } from './event-bound';
import { CHECKPOINT_MOVED_CHANNEL } from './event-consumer';

/** How long a recorded error may be (one line; the stack stays in the log). */
const ERROR_CHARS = 500;

/**
 * What pinning the failing event down has learned (`FailingRun`): the limit of the next batch, and the last position
 * of the batch that failed last (null: unknown), at or before which the event is.
 */
export interface Narrowing {
  readonly limit: number;
  readonly until: number | null;
}

/**
 * Where a consumer's checkpoint stood when a batch locked it (or a loop last saw it): its position and how many times
 * it had been set by hand (`moves`, bumped by `moveCheckpoint`), which tells a reset to the same position apart.
 */
export interface CheckpointSeen {
  readonly position: number;
  readonly moves: number;
}

/**
 * What the loop records after a failed batch: the error, the event when the batch held only that one (and the error
 * is `eventBound`), where the checkpoint stood (`checkpoint`: as the batch locked it; when it failed before, only the
 * `moves` the loop last saw, since a catch-up or another process may have moved the position without a hand move;
 * undefined: unknown, recorded anyway), and the narrowing of the next batches (undefined: none, the error is not
 * tied to an event).
 */
export interface BatchFailure {
  readonly error: unknown;
  readonly event: { readonly position: number; readonly eventId: string } | undefined;
  readonly checkpoint: { readonly position?: number; readonly moves: number } | undefined;
  readonly narrowing?: Narrowing | undefined;
}

/**
 * The batch a failure happened in: the checkpoint it locked (undefined: it failed before), how many events it held,
 * the first one and the last one's position.
 */
export interface FailedBatch {
  readonly checkpoint: CheckpointSeen | undefined;
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
 * event and the narrowing (`failing_limit`, `failing_until`: a loop taking over goes on from it). Nothing unless the
 * checkpoint still stands where the batch saw it (`failure.checkpoint`: position and `moves`, what of them is known):
 * a skip, a reset or a rebuild, maybe waiting on the row's lock while the batch rolled back, has moved it (to the
 * same position, too) and cleared the failure, and writing it again would name the event just skipped, or show a
 * consumer replaying from 0 as failing, with a narrowing of a range it is far from; another process's loop may have
 * moved it on. What is not known is not compared: a failure that is real is never left unrecorded for good.
 */
export async function recordFailure(ds: DataSource, name: string, failure: BatchFailure): Promise<void> {
  const at = failure.checkpoint;
  await ds.query(
    `INSERT INTO consumer_checkpoints AS c
       (name, failing_since, failures, last_error, last_error_code, failing_position, failing_event_id,
        failing_limit, failing_until)
       VALUES ($1, now(), 1, $2, $3, $4, $5, $8, $9)
     ON CONFLICT (name) DO UPDATE SET failing_since = coalesce(c.failing_since, now()),
       failures = coalesce(c.failures, 0) + 1, last_error = $2, last_error_code = $3, failing_position = $4,
       failing_event_id = $5, failing_limit = $8, failing_until = $9
     WHERE ($6::bigint IS NULL OR c.position = $6::bigint) AND ($7::integer IS NULL OR c.moves = $7::integer)`,
    [
      name,
      errorLine(failure.error),
      sqlStateOf(failure.error),
      failure.event?.position ?? null,
      failure.event?.eventId ?? null,
      at?.position ?? null,
      at?.moves ?? null,
      failure.narrowing?.limit ?? null,
      failure.narrowing?.until ?? null,
    ],
  );
}

/** What a loop reads from its consumer's row when it takes the consumer over, or after the checkpoint was moved. */
export interface CheckpointState extends CheckpointSeen {
  /**
   * The narrowing recorded by the loop before (undefined: none, or the checkpoint has reached the end of the range it
   * narrows, or that end is unknown).
   */
  readonly narrowing: Narrowing | undefined;
}

/**
 * The checkpoint of the consumer `name` (0, no moves: no row yet) and the narrowing recorded on it. A narrowing is
 * trusted only with a failure recorded and a range still ahead of the checkpoint: a version before migration
 * 1764888000000 neither writes nor clears the pair, so one it left behind is ignored once the checkpoint has passed
 * it (and cleared by the next success).
 */
export async function checkpointState(ds: DataSource, name: string): Promise<CheckpointState> {
  const [row] = await ds.query<{ position: string; moves: number; limit: number | null; until: string }[]>(
    `SELECT position, moves, failing_until AS until,
            CASE WHEN failing_since IS NOT NULL AND failing_until IS NOT NULL AND position < failing_until
                 THEN failing_limit END AS "limit"
       FROM consumer_checkpoints WHERE name = $1`,
    [name],
  );
  if (row === undefined) return { position: 0, moves: 0, narrowing: undefined };
  const narrowing = row.limit === null ? undefined : { limit: row.limit, until: Number(row.until) };
  return { position: Number(row.position), moves: row.moves, narrowing };
}

/** The failure columns set back to null (a batch succeeded, or the event was stepped over): the SET clause. */
export const CLEAR_FAILURE = `failing_since = NULL, failures = NULL, last_error = NULL, last_error_code = NULL,
       failing_position = NULL, failing_event_id = NULL, failing_limit = NULL, failing_until = NULL`;

/**
 * Sets the checkpoint of the consumer `name` by hand (a skip, a reset, a rebuild), in the caller's transaction on
 * the locked row: counts the move (`moves`: a failure of a batch from before is not recorded), clears its failure
 * and, at the commit, tells its loop (`CHECKPOINT_MOVED_CHANNEL`), which ends a wait after a failure at once.
 */
export async function moveCheckpoint(tx: EntityManager, name: string, position: number): Promise<void> {
  await tx.query(
    `WITH moved AS (UPDATE consumer_checkpoints SET position = $2, moves = moves + 1, updated_at = now(),
                       ${CLEAR_FAILURE}
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
