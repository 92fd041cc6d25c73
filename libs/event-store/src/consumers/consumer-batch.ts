import type { DataSource } from 'typeorm';
import type { PoolClient, QueryResult } from 'pg';
import { toRecordedEvent } from '../postgres/postgres-event-store';
import type { RecordedEvent } from '../event-store.port';
import { batchSql } from './batch-sql';
import type { EventConsumer } from './event-consumer';

type BatchRow = Parameters<typeof toRecordedEvent>[0] & {
  checkpoint: string;
  head: string;
  advanced: string | null;
};

/** What a batch read: the checkpoint, the head of its snapshot, the events after the checkpoint (in order). */
interface BatchRead {
  readonly checkpoint: number;
  readonly head: number;
  /** The checkpoint the read moved (a peek over an empty batch), if it did. */
  readonly advanced: number | null;
  readonly events: RecordedEvent[];
}

/** Undefined: no checkpoint row yet (a peek; the locking read creates it). */
function batchRead(rows: readonly BatchRow[]): BatchRead | undefined {
  const first = rows[0];
  if (first === undefined) return undefined;
  return {
    checkpoint: Number(first.checkpoint),
    head: Number(first.head),
    advanced: first.advanced === null ? null : Number(first.advanced),
    events: first.global_position === null ? [] : rows.map(toRecordedEvent),
  };
}

export interface BatchOutcome {
  /** Events handed to the consumer. */
  readonly count: number;
  /** The checkpoint after the batch. */
  readonly position: number;
}

/**
 * One batch of `consumer`: at most `limit` events after its checkpoint (of its `types`, if declared), handled and
 * checkpointed in one transaction. A short batch (fewer than `limit`) saw everything up to its snapshot's head, so
 * the checkpoint moves to that head, over events of other types.
 *
 * `expectEvents`: whether to begin with the transaction (two round trips: `BEGIN` + lock and read, then the
 * checkpoint + `COMMIT`) or with a peek outside any (one statement, which moves the checkpoint over a batch with
 * nothing to handle; a batch that has something is then read again under the lock). The runner peeks for a
 * consumer that has been quiet (`QUIET` in consumer-runner.ts).
 */
export async function applyBatch(
  dataSource: DataSource,
  consumer: EventConsumer,
  limit: number,
  expectEvents: boolean,
): Promise<BatchOutcome> {
  const sql = batchSql(consumer.name, limit, consumer.types);
  if (!expectEvents) {
    const peeked = batchRead(await dataSource.query<BatchRow[]>(sql.peek));
    if (peeked !== undefined && peeked.events.length === 0)
      return { count: 0, position: peeked.advanced ?? peeked.checkpoint };
  }
  const qr = dataSource.createQueryRunner();
  try {
    const client = (await qr.connect()) as PoolClient;
    try {
      // Several statements in one message: node-postgres answers with one result per statement.
      const results = (await client.query(sql.beginAndLock)) as unknown as QueryResult<BatchRow>[];
      const read = batchRead(results[1]?.rows ?? []);
      if (read === undefined) throw new Error(`No checkpoint row returned for ${consumer.name}`);
      const { checkpoint, events } = read;
      if (events.length > 0) {
        await consumer.handle(events, qr.manager);
        await consumer.settle?.();
      }
      const position =
        events.length === limit ? events[events.length - 1]!.position : Math.max(checkpoint, read.head);
      await client.query(position > checkpoint ? sql.commitAt(position) : 'COMMIT');
      return { count: events.length, position };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  } finally {
    await qr.release();
  }
}
