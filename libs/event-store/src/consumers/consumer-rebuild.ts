import type { DataSource } from 'typeorm';
import { lockCheckpointSql } from './batch-sql';
import { moveCheckpoint } from './consumer-failures';
import { replayStreams } from './consumer-replay';
import type { EventConsumer } from './event-consumer';

/** Events per page of a stream-by-stream rebuild. */
const REBUILD_PAGE = 20_000;

export interface RebuildResult {
  /** Events replayed. */
  readonly events: number;
  /** The checkpoint after the rebuild. */
  readonly position: number;
  /** `stream`: replayed stream by stream in one transaction; `position`: reset, then batches in log order. */
  readonly mode: 'stream' | 'position';
}

/** What a rebuild in log order asks of the runner: its batches up to the head, and the checkpoint after them. */
export interface CatchingUp {
  catchUp(name: string, onProgress?: (position: number) => void): Promise<number>;
  checkpoint(name: string): Promise<number>;
}

/** Empties the consumer's tables and resets its checkpoint to 0, in one transaction on its locked checkpoint. */
export async function resetConsumer(dataSource: DataSource, consumer: EventConsumer): Promise<void> {
  await dataSource.transaction(async (tx) => {
    await tx.query(lockCheckpointSql(consumer.name));
    await consumer.reset?.(tx);
    await moveCheckpoint(tx, consumer.name, 0);
  });
}

/** See `ConsumerRunner.rebuild`: stream by stream (`replayByStream`), or `resetConsumer` then `runner.catchUp`. */
export async function rebuildConsumer(
  dataSource: DataSource,
  consumer: EventConsumer,
  runner: CatchingUp,
  onProgress?: (done: number, total: number) => void,
  { pageSize = REBUILD_PAGE }: { readonly pageSize?: number } = {},
): Promise<RebuildResult> {
  const byStream = consumer.replayByStream;
  if (byStream !== undefined) {
    const rebuilt = await rebuildByStream(dataSource, consumer, byStream, pageSize, onProgress);
    return { ...rebuilt, mode: 'stream' };
  }
  const [row] = await dataSource.query<{ head: string }[]>(
    'SELECT coalesce(max(global_position), 0) AS head FROM events',
  );
  const head = Number(row?.head ?? 0);
  await resetConsumer(dataSource, consumer);
  const events = await runner.catchUp(consumer.name, (p) => onProgress?.(p, Math.max(head, p)));
  return { events, position: await runner.checkpoint(consumer.name), mode: 'position' };
}

/**
 * Rebuilds `consumer` stream by stream (`ConsumerRunner.rebuild`, its `replayByStream`) in ONE transaction on its
 * locked checkpoint, up to the head as it was when the rebuild began: forgets and resets it, replays the streams
 * (`replayStreams`) and sets the checkpoint to that head (`moveCheckpoint`). `onProgress(done, total)`: events
 * replayed so far and in all. A failure rolls it all back; `forget` is called after, committed or not.
 */
async function rebuildByStream(
  dataSource: DataSource,
  consumer: EventConsumer,
  byStream: { readonly streamPrefix: string },
  pageSize: number,
  onProgress?: (done: number, total: number) => void,
): Promise<{ events: number; position: number }> {
  const like = `${byStream.streamPrefix.replace(/[\\%_]/g, '\\$&')}%`;
  try {
    return await dataSource.transaction(async (tx) => {
      await tx.query(lockCheckpointSql(consumer.name));
      // The consumer's tables grow from empty within this one transaction, where no ANALYZE re-plans a statement:
      // a prepared statement's generic plan, made on the first pages while they were small, was kept to the end,
      // and PostgreSQL's work per event grew with the tables (2M events: 2.6x slower, bench/README "read models").
      // Each run is planned with its tables as they are now instead.
      await tx.query('SET LOCAL plan_cache_mode = force_custom_plan');
      // Positions commit in order (pm_append's lock), so every event up to the head seen now is visible.
      const [h] = await tx.query<{ head: string; total: string }[]>(
        `SELECT coalesce(max(global_position), 0) AS head,
                count(*) FILTER (WHERE stream_id LIKE $1) AS total FROM events`,
        [like],
      );
      const head = Number(h?.head ?? 0);
      const total = Number(h?.total ?? 0);
      consumer.forget?.();
      await consumer.reset?.(tx);
      onProgress?.(0, total);
      const done = await replayStreams(dataSource, consumer, tx, { head, like, pageSize }, (n) =>
        onProgress?.(n, total),
      );
      await consumer.settle?.();
      await moveCheckpoint(tx, consumer.name, head);
      return { events: done, position: head };
    });
  } finally {
    consumer.forget?.();
  }
}
