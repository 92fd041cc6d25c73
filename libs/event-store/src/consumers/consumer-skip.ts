import type { DataSource } from 'typeorm';
import { lockCheckpointSql } from './batch-sql';
import { CLEAR_FAILURE } from './consumer-failures';
import type { EventConsumer } from './event-consumer';

/**
 * A skip refused: the position is not the next event the consumer would handle, or (without `force`) no recorded
 * failure names it (the message says what is recorded and what to do).
 */
export class SkipRefusedError extends Error {
  override readonly name = 'SkipRefusedError';
}

export interface SkipResult {
  /** `skipped`: the checkpoint moved to the event; `already`: that skip was done before (nothing changed). */
  readonly outcome: 'skipped' | 'already';
  readonly position: number;
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  /** Stepped over with `force` (no recorded failure named it). */
  readonly forced: boolean;
}

export interface SkipOptions {
  /** Step over the next event even when no recorded failure names it (recorded as forced). */
  readonly force?: boolean;
}

interface EventRow {
  event_id: string;
  type: string;
  stream_id: string;
}

/** Why a skip of `position` is refused when the recorded failure (`failing_position`) does not name it. */
function notFailingOn(name: string, position: number, cp: FailureRow | undefined): string {
  const what =
    cp?.failing_since == null
      ? `${name} has no failure recorded (it may just be behind)`
      : cp.failing_position === null
        ? `${name} is failing but no event is named (being pinned down, or the error is not tied to an event)`
        : `${name} fails on event ${cp.failing_position}, not ${position}`;
  return (
    `${what}: only the event a recorded failure names can be skipped; see projections status ` +
    `(--force steps over the next event anyway)`
  );
}

interface FailureRow {
  failing_since: Date | null;
  failing_position: string | null;
}

/**
 * Steps `consumer` over the event at `position`, in one transaction on its locked checkpoint: refused
 * (`SkipRefusedError`) unless that event exists, is the next one the consumer would handle, and is the one its
 * recorded failure names (or `force`); records the skip in `consumer_skips` (with the recorded error, if any, and
 * whether forced), moves the checkpoint to it and clears the failure. Idempotent: a skip of that position that the
 * checkpoint has passed is `already`.
 */
export async function skipEvent(
  ds: DataSource,
  consumer: EventConsumer,
  position: number,
  reason: string,
  { force = false }: SkipOptions = {},
): Promise<SkipResult> {
  if (!Number.isSafeInteger(position) || position < 1)
    throw new SkipRefusedError(`Not a position: ${position}`);
  const name = consumer.name;
  return ds.transaction(async (tx) => {
    const [cp] = await tx.query<{ position: string }[]>(lockCheckpointSql(name));
    const checkpoint = Number(cp?.position ?? 0);
    const [event] = await tx.query<EventRow[]>(
      'SELECT event_id, type, stream_id FROM events WHERE global_position = $1',
      [position],
    );
    if (event === undefined) throw new SkipRefusedError(`No event at position ${position}`);
    const done = { position, eventId: event.event_id, type: event.type, streamId: event.stream_id };
    const [before] = await tx.query<{ forced: boolean }[]>(
      'SELECT forced FROM consumer_skips WHERE consumer = $1 AND position = $2 ORDER BY id DESC LIMIT 1',
      [name, position],
    );
    if (before !== undefined && checkpoint >= position)
      return { outcome: 'already', ...done, forced: before.forced };
    if (checkpoint >= position) {
      throw new SkipRefusedError(`${name} is past position ${position} already (checkpoint ${checkpoint})`);
    }
    const types = consumer.types;
    const [next] = await tx.query<{ position: string }[]>(
      `SELECT global_position AS position FROM events
        WHERE global_position > $1 ${types === undefined ? '' : 'AND type = ANY ($2::text[])'}
        ORDER BY global_position LIMIT 1`,
      types === undefined ? [checkpoint] : [checkpoint, types],
    );
    if (next === undefined || Number(next.position) !== position) {
      throw new SkipRefusedError(
        `Position ${position} is not the next event ${name} would handle (` +
          (next === undefined
            ? `its checkpoint ${checkpoint}: none is pending`
            : `that is ${next.position}, after its checkpoint ${checkpoint}`) +
          ')',
      );
    }
    const [failure] = await tx.query<FailureRow[]>(
      'SELECT failing_since, failing_position FROM consumer_checkpoints WHERE name = $1',
      [name],
    );
    const named = failure?.failing_position != null && Number(failure.failing_position) === position;
    if (!named && !force) throw new SkipRefusedError(notFailingOn(name, position, failure));
    await tx.query(
      `INSERT INTO consumer_skips (consumer, position, event_id, event_type, stream_id, reason, forced, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT last_error FROM consumer_checkpoints
                                          WHERE name = $1 AND (failing_position IS NULL OR failing_position = $2)))`,
      [name, position, event.event_id, event.type, event.stream_id, reason, !named],
    );
    await tx.query(
      `UPDATE consumer_checkpoints SET position = $2, updated_at = now(), ${CLEAR_FAILURE} WHERE name = $1`,
      [name, position],
    );
    return { outcome: 'skipped', ...done, forced: !named };
  });
}
