import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, DATABASE_URL, startUnbounded } from '@app/platform';
import { type BatchOutcome, type BatchRead, ConsumerBatches, failedBatchOf } from './consumer-batch';
import {
  BatchFailedError,
  type BatchFailure,
  checkpointState,
  type CheckpointState,
  clearFailure,
  recordFailure,
} from './consumer-failures';
import { rebuildConsumer, type RebuildResult, resetConsumer } from './consumer-rebuild';
import { ConsumerLoop } from './consumer-loop';
import { type SkipOptions, skipEvent, type SkipResult } from './consumer-skip';
import { type ConsumerStatus, readStatus, waitForPositions } from './consumer-status';
import type { EventConsumer } from './event-consumer';
import { EventsListener } from './events-listener';

/**
 * Runs named consumers: one active instance per name across processes (session advisory lock),
 * woken by NOTIFY and by polling; each batch and its checkpoint commit together.
 */
@Injectable()
export class ConsumerRunner implements OnApplicationShutdown {
  private readonly log = new Logger('ConsumerRunner');
  private readonly consumers = new Map<string, EventConsumer>();
  private readonly loops = new Map<string, ConsumerLoop>();
  private listener: EventsListener | undefined;
  private started = false;
  private readonly batches: ConsumerBatches;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.batches = new ConsumerBatches(dataSource);
  }

  register(consumer: EventConsumer): void {
    if (this.consumers.has(consumer.name)) throw new Error(`Consumer ${consumer.name} registered twice`);
    this.consumers.set(consumer.name, consumer);
    if (this.started) this.startLoop(consumer);
  }

  names(): string[] {
    return [...this.consumers.keys()];
  }

  get(name: string): EventConsumer {
    const c = this.consumers.get(name);
    if (!c) throw new Error(`Unknown consumer "${name}" (known: ${this.names().join(', ') || 'none'})`);
    return c;
  }

  /** Starts every registered consumer's loop (worker role). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.listener = new EventsListener(this.databaseUrl, this.log, {
      wake: () => this.wakeAll(),
      // A checkpoint set by hand (in any process): the loop holding the consumer starts a new run from its row.
      moved: (name) => {
        for (const [n, l] of this.loops) if (name === undefined || n === name) l.checkpointMoved();
      },
    });
    // Unbounded background work for the life of the process, also in the API (PROCESS_ROLE=all: query-scope.ts).
    const listener = this.listener;
    startUnbounded(() => listener.start());
    for (const c of this.consumers.values()) this.startLoop(c);
  }

  /** A consumer's loop, unbounded (also one registered after the start). */
  private startLoop(c: EventConsumer): void {
    const loop = new ConsumerLoop(c, this, this.databaseUrl, this.config, this.log);
    this.loops.set(c.name, loop);
    startUnbounded(() => loop.start());
  }

  isActiveHere(name: string): boolean {
    return this.loops.get(name)?.active ?? false;
  }

  /** Applies the next batch of `consumer` after its checkpoint; returns how many events it applied. */
  async processBatch(consumer: EventConsumer, limit?: number): Promise<number> {
    return (await this.applyNext(consumer, limit)).count;
  }

  /**
   * The next batch of `consumer` (at most `limit` events), for its loop: the events it applied, how far its
   * checkpoint moved and where to. A failure is a `BatchFailedError`: the error, and the batch it happened in.
   */
  async nextBatch(consumer: EventConsumer, limit = this.batchLimit(consumer)): Promise<BatchOutcome> {
    const read: BatchRead = { events: [] };
    try {
      return await this.applyNext(consumer, limit, read);
    } catch (e) {
      throw new BatchFailedError(e, failedBatchOf(read));
    }
  }

  /** Records a failed batch of `consumer` on its checkpoint row (`projections status` shows it). */
  async recordFailure(consumer: EventConsumer, failure: BatchFailure): Promise<void> {
    await recordFailure(this.dataSource, consumer.name, failure);
  }

  /** Clears the failure recorded on `consumer`'s checkpoint row. */
  async clearFailure(consumer: EventConsumer): Promise<void> {
    await clearFailure(this.dataSource, consumer.name);
  }

  /**
   * `consumer`'s checkpoint and the narrowing of a failure recorded on its row, for its loop taking it over or
   * starting over after a move (`FailingRun.resumed`).
   */
  async checkpointState(consumer: EventConsumer): Promise<CheckpointState> {
    return checkpointState(this.dataSource, consumer.name);
  }

  /**
   * Steps the consumer `name` over the event at `position` (CLI `projections skip`): refused (`SkipRefusedError`)
   * unless it is the next event the consumer would handle and its recorded failure names it (or `force`); see
   * `skipEvent`.
   */
  async skip(name: string, position: number, reason: string, options?: SkipOptions): Promise<SkipResult> {
    return skipEvent(this.dataSource, this.get(name), position, reason, options);
  }

  /** The most events one batch of `consumer` applies. */
  batchLimit(consumer: EventConsumer): number {
    return consumer.batchSize ?? this.config.consumerBatchSize;
  }

  /** One batch and its checkpoint in one transaction (`ConsumerBatches`); the count and the checkpoint after it. */
  private async applyNext(
    consumer: EventConsumer,
    limit = this.batchLimit(consumer),
    read?: BatchRead,
  ): Promise<BatchOutcome> {
    return this.batches.next(consumer, limit, read);
  }

  /** Empties the consumer's tables and resets its checkpoint to 0, in one transaction (`resetConsumer`). */
  async reset(name: string): Promise<void> {
    await resetConsumer(this.dataSource, this.get(name));
  }

  /** Applies batches until the consumer reaches the head (or `until`); returns how many events it applied. */
  async catchUp(name: string, onProgress?: (position: number) => void, until?: number): Promise<number> {
    const consumer = this.get(name);
    let total = 0;
    for (;;) {
      const { count, position, atHead } = await this.applyNext(consumer);
      total += count;
      onProgress?.(position);
      // An empty batch at the head: a batch over a gap in positions reads none, short of the head; one that reached the
      // head may have appended events of its own (the alerts monitor's alert events), which it reads next.
      if ((atHead && count === 0) || (until !== undefined && position >= until)) return total;
    }
  }

  /**
   * Empties the consumer's tables and replays every event into them. A consumer that declares
   * `replayByStream` is rebuilt in ONE transaction, stream after stream, up to the head as it was when the
   * rebuild began: readers see the old state until the commit, then the new one (never a half-built table);
   * a failure or a crash leaves the old state and checkpoint as they were; the consumer's own loop waits on
   * the checkpoint row meanwhile and continues from the new checkpoint. Replaying whole streams lets a
   * projection write each stream's final row once instead of once per event. Other consumers: `reset`, then
   * `catchUp` in log order (readers see the state grow batch by batch).
   *
   * `onProgress(done, total)`: events replayed so far and to replay in all (stream mode), or the checkpoint and
   * the head (position mode). `pageSize`: events per page in stream mode (a stream may span pages).
   */
  async rebuild(
    name: string,
    onProgress?: (done: number, total: number) => void,
    options: { readonly pageSize?: number } = {},
  ): Promise<RebuildResult> {
    return rebuildConsumer(this.dataSource, this.get(name), this, onProgress, options);
  }

  /**
   * A consumer's checkpoint (0 before its first batch), read with `m`: a caller reading the consumer's tables in a
   * transaction of its own passes it, so that the position it states is the one of the rows it reads.
   */
  async checkpoint(
    name: string,
    m: { query: <T>(sql: string, params?: unknown[]) => Promise<T> } = this.dataSource,
  ): Promise<number> {
    const [row] = await m.query<{ position: string }[]>(
      'SELECT position FROM consumer_checkpoints WHERE name = $1',
      [name],
    );
    return Number(row?.position ?? 0);
  }

  /** Each registered consumer's checkpoint, lag, failure and skips (`readStatus`). */
  async status(): Promise<ConsumerStatus[]> {
    return readStatus(this.dataSource, this.names(), (name) => this.isActiveHere(name));
  }

  /**
   * Read-your-writes: waits until every named consumer (default: all) has reached `position` (`waitForPositions`).
   */
  async waitForPosition(
    position: number,
    timeoutMs: number,
    names: readonly string[] = this.names(),
  ): Promise<boolean> {
    return waitForPositions(this.dataSource, names, position, timeoutMs);
  }

  wakeAll(): void {
    for (const l of this.loops.values()) l.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    // The listener first: it would go on reconnecting while a loop finishes its batch.
    await Promise.all([this.listener?.stop(), ...[...this.loops.values()].map((l) => l.stop())]);
  }
}
