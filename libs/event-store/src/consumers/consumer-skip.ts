import type { DataSource } from 'typeorm';
import { lockCheckpointSql, nextEventSql } from './batch-sql';
import { moveCheckpoint } from './consumer-failures';
import type { EventConsumer } from './event-consumer';
import { judgeSkip, SkipRefusedError, type SkipRow } from './skip-checks';

export { SkipRefusedError };

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

/** Under the checkpoint's lock, what a skip of `$2` judges on (`SkipRow`): the row, the event, a skip before, the next. */
const readSql = (types: readonly string[] | undefined): string =>
  `SELECT c.position, c.failing_since, c.failing_position, c.last_error, e.event_id, e.type, e.stream_id,
     (SELECT s.forced FROM consumer_skips s WHERE s.consumer = c.name AND s.position = $2
       ORDER BY s.id DESC LIMIT 1) AS skipped_forced,
     (${nextEventSql('c.position', types)}) AS next
   FROM consumer_checkpoints c LEFT JOIN events e ON e.global_position = $2
  WHERE c.name = $1`;

/**
 * Steps `consumer` over the event at `position`, in one transaction on its locked checkpoint: refused
 * (`SkipRefusedError`) unless that event exists, is the next one the consumer would handle, and is the one its
 * recorded failure names (or `force`: `judgeSkip`); records the skip in `consumer_skips` (with the recorded error,
 * if any, and whether forced), moves the checkpoint to it and clears the failure (`moveCheckpoint`, which wakes the
 * consumer's loop at the commit). Idempotent: a skip of that position that the checkpoint has passed is `already`.
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
    await tx.query(lockCheckpointSql(name));
    const [row] = await tx.query<SkipRow[]>(readSql(consumer.types), [name, position]);
    if (row === undefined) throw new Error(`No checkpoint row for ${name}`);
    const verdict = judgeSkip(name, position, row, force);
    const done = { position, eventId: row.event_id!, type: row.type!, streamId: row.stream_id! };
    if (verdict.already) return { outcome: 'already', ...done, forced: verdict.forced };
    await tx.query(
      `INSERT INTO consumer_skips (consumer, position, event_id, event_type, stream_id, reason, forced, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [name, position, done.eventId, done.type, done.streamId, reason, verdict.forced, verdict.error],
    );
    await moveCheckpoint(tx, name, position);
    return { outcome: 'skipped', ...done, forced: verdict.forced };
  });
}
