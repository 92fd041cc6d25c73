import type { DataSource, QueryRunner } from 'typeorm';
import type { PoolClient, QueryResult } from 'pg';
import { queryPrepared } from '@app/platform';
import { toRecordedEvent } from '../postgres/event-rows';
import type { RecordedEvent } from '../event-store.port';
import { type BatchSql, batchSql, type LockedRead } from './batch-sql';
import type { CheckpointSeen, FailedBatch } from './consumer-failures';
import type { EventConsumer } from './event-consumer';
import { sqlStateOf } from './event-bound';

/**
 * A row of the locking read: the checkpoint (and its `moves`), the snapshot's head, for a consumer of every type the
 * end of the range it read, an event (its columns null when none: LEFT JOIN).
 */
type BatchRow = Parameters<typeof toRecordedEvent>[0] & LockedRead & { checkpoint: string; moves: number };

/** What a peek found: the checkpoint, whether events are pending after it, the checkpoint it moved (if it did). */
interface PeekRow {
  checkpoint: string;
  moves: number;
  pending: boolean;
  advanced: string | null;
}

export interface BatchOutcome {
  /** Events handed to the consumer. */
  readonly count: number;
  /** The checkpoint after the batch. */
  readonly position: number;
  /** How far the checkpoint moved: events handled and, for a consumer with `types`, the others it passed over. */
  readonly passed: number;
  /** How many times the checkpoint had been set by hand (`moveCheckpoint`) when the batch read it. */
  readonly moves: number;
  /**
   * The checkpoint is at (or past) the head of the batch's snapshot, or a peek found nothing pending: nothing more
   * to read until the next append. Not the same as a short batch: positions have gaps where events were deleted by
   * hand, and a consumer of every type reads a range of positions, so a batch over a gap holds fewer events than
   * its limit, or none, short of the head.
   */
  readonly atHead: boolean;
}

/** Filled by `applyBatch` with the checkpoint it locked and the events it read: which batch a failure happened in. */
export interface BatchRead {
  events: readonly RecordedEvent[];
  /** The checkpoint as the batch locked it (undefined: the batch failed before). */
  checkpoint?: CheckpointSeen;
}

/** Per consumer and limit, its batches' statements: built once (the peek's name is a hash of its text). */
const statements = new WeakMap<EventConsumer, Map<number, BatchSql>>();

function statementsOf(consumer: EventConsumer, limit: number): BatchSql {
  let byLimit = statements.get(consumer);
  if (byLimit === undefined) statements.set(consumer, (byLimit = new Map<number, BatchSql>()));
  let sql = byLimit.get(limit);
  if (sql === undefined) byLimit.set(limit, (sql = batchSql(consumer.name, limit, consumer.types)));
  return sql;
}

/**
 * Per pooled connection, the batch statements it has prepared (`BatchSql.prepare`), each with the head of the log
 * its first batch saw (undefined until then).
 */
const preparedOn = new WeakMap<PoolClient, Map<string, number | undefined>>();

/**
 * A prepared statement keeps its plan until PostgreSQL invalidates it (an ANALYZE of `events`, which autovacuum
 * runs when it gets to it): prepared again once the log has grown this much since, the read is planned on the log's
 * current size without waiting for the ANALYZE. History: it was made for the read of a consumer of every type
 * bounded below alone, which a small log (a fresh service) planned as a scan of the whole log and a sort. Read as a
 * range of positions, that consumer's read takes the index at whatever size it was planned; a typed consumer's read
 * keeps its plan when re-planned before the ANALYZE (`batch-sql.int-spec.ts`). It guards no plan measured now: a
 * hedge against a plan made on a size the log no longer has.
 */
const grewTooMuch = (at: number, head: number): boolean => head >= Math.max(2 * at, at + 10_000);

/**
 * Prepares on `client` those of `sql`'s statements it does not have (once per connection, consumer and limit).
 * Each is recorded once PostgreSQL has it, or says it has it (42P05), so the record heals if it ever drifts.
 */
async function prepareOn(client: PoolClient, sql: BatchSql): Promise<void> {
  let names = preparedOn.get(client);
  if (names === undefined) preparedOn.set(client, (names = new Map<string, number | undefined>()));
  for (const [name, prepare] of sql.prepare) {
    if (names.has(name)) continue;
    await client.query(prepare).catch((e: unknown) => {
      if (sqlStateOf(e) !== '42P05') throw e;
    });
    names.set(name, undefined);
  }
}

/**
 * Notes the head a batch's read saw; true when the log has grown so much since the read was planned (`grewTooMuch`)
 * that it should be prepared again (`replan`).
 */
function outgrown(client: PoolClient, sql: BatchSql, head: number): boolean {
  const names = preparedOn.get(client);
  if (names === undefined || !names.has(sql.lockName)) return false;
  const at = names.get(sql.lockName);
  if (at === undefined) names.set(sql.lockName, head);
  return at !== undefined && grewTooMuch(at, head);
}

/**
 * Drops the read's plan on `client` (outside any transaction): the next batch prepares it again. Its batch is
 * committed: should this fail (the connection lost), the next batch on the connection tries again.
 */
async function replan(client: PoolClient, sql: BatchSql): Promise<void> {
  await client.query(`DEALLOCATE ${sql.lockName}`).then(
    () => preparedOn.get(client)?.delete(sql.lockName),
    () => undefined,
  );
}

/**
 * Tells TypeORM about the transaction this file's own `BEGIN` opened (or ended), so that a `transaction()` inside
 * the consumer's `handle` takes a savepoint in it instead of committing it.
 */
function inTransaction(qr: QueryRunner, active: boolean): void {
  const state = qr as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = active;
  state.transactionDepth = active ? 1 : 0;
}

/**
 * One batch of `consumer`: at most `limit` events after its checkpoint (of its `types`, if declared), handled and
 * checkpointed in one transaction. A short batch (fewer than `limit`) saw everything up to its snapshot's head, so
 * the checkpoint moves to that head, over events of other types.
 *
 * `expectEvents`: whether to begin with the transaction (two round trips: `BEGIN` + lock and read, then the
 * checkpoint + `COMMIT`) or with a peek outside any (one statement, which moves the checkpoint over a batch with
 * nothing to handle; a batch that has something is then read under the lock). The runner peeks for a
 * consumer that has been quiet (`QUIET`, `ConsumerBatches`). `read`, if given, gets the events read.
 */
export async function applyBatch(
  dataSource: DataSource,
  consumer: EventConsumer,
  limit: number,
  expectEvents: boolean,
  read?: BatchRead,
): Promise<BatchOutcome> {
  const sql = statementsOf(consumer, limit);
  if (!expectEvents) {
    // No row: the consumer's first batch (the locking read creates it).
    const [peeked] = await queryPrepared<PeekRow>(dataSource, sql.peek);
    if (peeked !== undefined && !peeked.pending) {
      const position = Number(peeked.advanced ?? peeked.checkpoint);
      const passed = position - Number(peeked.checkpoint);
      return { count: 0, position, passed, moves: peeked.moves, atHead: true };
    }
  }
  const qr = dataSource.createQueryRunner();
  try {
    const client = (await qr.connect()) as PoolClient;
    try {
      await prepareOn(client, sql);
      // Several statements in one message: node-postgres answers with one result per statement.
      const results = (await client.query(sql.beginAndLock)) as unknown as QueryResult<BatchRow>[];
      inTransaction(qr, true);
      const rows = results[1]?.rows ?? [];
      const first = rows[0];
      if (first === undefined) throw new Error(`No checkpoint row returned for ${consumer.name}`);
      const checkpoint = Number(first.checkpoint);
      const { moves } = first;
      const events = first.global_position === null ? [] : rows.map(toRecordedEvent);
      if (read !== undefined) Object.assign(read, { events, checkpoint: { position: checkpoint, moves } });
      if (events.length > 0) {
        await consumer.handle(events, qr.manager);
        await consumer.settle?.();
      }
      const position = sql.readsTo(checkpoint, first, events);
      await client.query(position > checkpoint ? sql.commitAt(position) : 'COMMIT');
      inTransaction(qr, false);
      if (outgrown(client, sql, Number(first.head))) await replan(client, sql);
      const passed = Math.max(0, position - checkpoint);
      return { count: events.length, position, passed, moves, atHead: position >= Number(first.head) };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      inTransaction(qr, false);
      // The connection lost its prepared statements (26000: none of that name): prepared again at the next batch.
      if (sqlStateOf(e) === '26000') preparedOn.delete(client);
      throw e;
    }
  } finally {
    await qr.release();
  }
}

/** The batch a failure happened in, from what `applyBatch` read before it failed (`BatchFailedError`). */
export function failedBatchOf({ events, checkpoint }: BatchRead): FailedBatch {
  const first = events[0];
  return {
    checkpoint,
    count: events.length,
    first: first && { position: first.position, eventId: first.eventId },
    last: events.at(-1)?.position,
  };
}

/**
 * Batches in a row with nothing to handle after which a consumer's next batch begins with a peek (one statement
 * when there is still nothing) rather than the transaction (two round trips, one fewer than a peek that finds
 * events): one empty batch between two with events (a wake for events the last batch already read) keeps it on
 * the transaction; a consumer skipping other types or polling at the head peeks.
 */
const QUIET = 2;

/** A runner's batches (`applyBatch`), each beginning with a peek or the transaction as its consumer has been quiet. */
export class ConsumerBatches {
  /** Per consumer, how many batches in a row had nothing to handle here (none yet: as many as `QUIET`). */
  private readonly quiet = new Map<string, number>();

  constructor(private readonly dataSource: DataSource) {}

  async next(consumer: EventConsumer, limit: number, read?: BatchRead): Promise<BatchOutcome> {
    const quiet = this.quiet.get(consumer.name) ?? QUIET;
    const outcome = await applyBatch(this.dataSource, consumer, limit, quiet < QUIET, read);
    this.quiet.set(consumer.name, outcome.count > 0 ? 0 : quiet + 1);
    return outcome;
  }
}
