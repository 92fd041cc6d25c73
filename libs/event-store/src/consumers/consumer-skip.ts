import type { DataSource } from 'typeorm';
import { lockCheckpointSql } from './batch-sql';
import { CLEAR_FAILURE } from './consumer-failures';
import type { EventConsumer } from './event-consumer';

/** A skip refused: the position is not the next event the consumer would handle (the message says which is). */
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
}

interface EventRow {
  event_id: string;
  type: string;
  stream_id: string;
}

/**
 * Steps `consumer` over the event at `position`, in one transaction on its locked checkpoint: refused
 * (`SkipRefusedError`) unless that event exists and is the next one the consumer would handle; records the skip
 * in `consumer_skips` (with the recorded error, if any), moves the checkpoint to it and clears the failure.
 * Idempotent: a skip of that position that the checkpoint has passed is `already`.
 */
export async function skipEvent(
  ds: DataSource,
  consumer: EventConsumer,
  position: number,
  reason: string,
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
    const [before] = await tx.query<unknown[]>(
      'SELECT 1 FROM consumer_skips WHERE consumer = $1 AND position = $2',
      [name, position],
    );
    if (before !== undefined && checkpoint >= position) return { outcome: 'already', ...done };
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
    await tx.query(
      `INSERT INTO consumer_skips (consumer, position, event_id, event_type, stream_id, reason, error)
       VALUES ($1, $2, $3, $4, $5, $6, (SELECT last_error FROM consumer_checkpoints
                                          WHERE name = $1 AND (failing_position IS NULL OR failing_position = $2)))`,
      [name, position, event.event_id, event.type, event.stream_id, reason],
    );
    await tx.query(
      `UPDATE consumer_checkpoints SET position = $2, updated_at = now(), ${CLEAR_FAILURE} WHERE name = $1`,
      [name, position],
    );
    return { outcome: 'skipped', ...done };
  });
}
