import type { DataSource, EntityManager } from 'typeorm';
import { SELECT_RECORDED, toRecordedEvent } from '../postgres/event-rows';
import type { EventConsumer } from './event-consumer';

/** Which events a stream-by-stream rebuild replays, and in pages of how many. */
export interface ReplayRange {
  /** The head when the rebuild began: events after it are left to the consumer's loop. */
  readonly head: number;
  /** `LIKE` pattern of the streams replayed (the consumer's `replayByStream` prefix). */
  readonly like: string;
  readonly pageSize: number;
}

/**
 * Hands the consumer every event of the range, stream after stream, in the rebuild's transaction `tx`; returns
 * how many. Keyset pages over the (stream_id, stream_version) unique index, read on another connection of the
 * pool (events up to the head never change), the next one while the consumer handles this one. On failure the
 * consumer's statements still queued on `tx`'s connection end before the caller rolls back.
 */
export async function replayStreams(
  dataSource: DataSource,
  consumer: EventConsumer,
  tx: EntityManager,
  { head, like, pageSize }: ReplayRange,
  onProgress?: (done: number) => void,
): Promise<number> {
  const page = (after: readonly [string, number]) => {
    const rows = dataSource.query<Parameters<typeof toRecordedEvent>[0][]>(
      `${SELECT_RECORDED}
        WHERE (stream_id, stream_version) > ($1, $2) AND global_position <= $3 AND stream_id LIKE $4
        ORDER BY stream_id, stream_version LIMIT $5`,
      [after[0], after[1], head, like, pageSize],
    );
    rows.catch(() => undefined); // awaited in the loop, unless the replay failed before
    return rows;
  };
  let done = 0;
  let next = page(['', 0]);
  try {
    for (;;) {
      const rows = await next;
      if (rows.length === 0) return done;
      const events = rows.map(toRecordedEvent);
      const last = events[events.length - 1]!;
      next = page([last.streamId, last.version]);
      await consumer.handle(events, tx);
      done += events.length;
      onProgress?.(done);
    }
  } catch (e) {
    await consumer.settle?.().catch(() => undefined);
    throw e;
  }
}
