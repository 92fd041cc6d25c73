import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Client } from 'pg';
import { APP_CONFIG, type AppConfig, DATABASE_URL } from '@app/platform';
import { lockCheckpointSql } from './batch-sql';
import { applyBatch, type BatchOutcome, type BatchRead } from './consumer-batch';
import {
  BatchFailedError,
  type BatchFailure,
  checkpointState,
  type CheckpointState,
  clearFailure,
  moveCheckpoint,
  recordFailure,
} from './consumer-failures';
import { replayStreams } from './consumer-replay';
import { ConsumerLoop } from './consumer-loop';
import { type SkipOptions, skipEvent, type SkipResult } from './consumer-skip';
import { type ConsumerStatus, readStatus } from './consumer-status';
import type { EventConsumer } from './event-consumer';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Batches in a row with nothing to handle after which a consumer's next batch begins with a peek (one statement
 * when there is still nothing) rather than the transaction (two round trips, one fewer than a peek that finds
 * events): one empty batch between two with events (a wake for events the last batch already read) keeps it on
 * the transaction; a consumer skipping other types or polling at the head peeks.
 */
const QUIET = 2;

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

/**
 * Runs named consumers: one active instance per name across processes (session advisory lock),
 * woken by NOTIFY and by polling; each batch and its checkpoint commit together.
 */
@Injectable()
export class ConsumerRunner implements OnApplicationShutdown {
  private readonly log = new Logger('ConsumerRunner');
  private readonly consumers = new Map<string, EventConsumer>();
  private readonly loops = new Map<string, ConsumerLoop>();
  private listener: Client | undefined;
  private stopped = false;
  private started = false;
  /** Per consumer, how many batches in a row had nothing to handle here (none yet: as many as `QUIET`). */
  private readonly quiet = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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
    void this.listen();
    for (const c of this.consumers.values()) this.startLoop(c);
  }

  private startLoop(c: EventConsumer): void {
    const loop = new ConsumerLoop(c, this, this.databaseUrl, this.config, this.log);
    this.loops.set(c.name, loop);
    loop.start();
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
      const { events, checkpoint } = read;
      const first = events[0];
      throw new BatchFailedError(e, {
        checkpoint,
        count: events.length,
        first: first && { position: first.position, eventId: first.eventId },
        last: events.at(-1)?.position,
      });
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

  /** One batch and its checkpoint in one transaction (`applyBatch`); returns the count and the checkpoint after it. */
  private async applyNext(
    consumer: EventConsumer,
    limit = this.batchLimit(consumer),
    read?: BatchRead,
  ): Promise<BatchOutcome> {
    const quiet = this.quiet.get(consumer.name) ?? QUIET;
    const outcome = await applyBatch(this.dataSource, consumer, limit, quiet < QUIET, read);
    this.quiet.set(consumer.name, outcome.count > 0 ? 0 : quiet + 1);
    return outcome;
  }

  /** Reads (creating if needed) and row-locks the checkpoint: the statement a batch locks it with (`lockCheckpointSql`). */
  private async lockCheckpoint(tx: EntityManager, name: string): Promise<number> {
    const rows = await tx.query<{ position: string }[]>(lockCheckpointSql(name));
    return Number(rows[0]?.position ?? 0);
  }

  /** Truncates the consumer's tables and resets its checkpoint to 0, in one transaction. */
  async reset(name: string): Promise<void> {
    const consumer = this.get(name);
    await this.dataSource.transaction(async (tx) => {
      await this.lockCheckpoint(tx, name);
      await consumer.reset?.(tx);
      await moveCheckpoint(tx, name, 0);
    });
  }

  /** Applies batches until the consumer reaches the head (or `until`); returns how many events it applied. */
  async catchUp(name: string, onProgress?: (position: number) => void, until?: number): Promise<number> {
    const consumer = this.get(name);
    let total = 0;
    for (;;) {
      const { count, position } = await this.applyNext(consumer);
      total += count;
      onProgress?.(position);
      if (count === 0 || (until !== undefined && position >= until)) return total;
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
    const pageSize = options.pageSize ?? REBUILD_PAGE;
    const consumer = this.get(name);
    const byStream = consumer.replayByStream;
    if (byStream === undefined) {
      const head = await this.head();
      await this.reset(name);
      const events = await this.catchUp(name, (p) => onProgress?.(p, Math.max(head, p)));
      const [row] = await this.dataSource.query<{ position: string }[]>(
        'SELECT position FROM consumer_checkpoints WHERE name = $1',
        [name],
      );
      return { events, position: Number(row?.position ?? 0), mode: 'position' };
    }
    const like = `${byStream.streamPrefix.replace(/[\\%_]/g, '\\$&')}%`;
    try {
      return await this.dataSource.transaction(async (tx) => {
        await this.lockCheckpoint(tx, name);
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
        const done = await replayStreams(this.dataSource, consumer, tx, { head, like, pageSize }, (n) =>
          onProgress?.(n, total),
        );
        await consumer.settle?.();
        await moveCheckpoint(tx, name, head);
        return { events: done, position: head, mode: 'stream' as const };
      });
    } finally {
      consumer.forget?.();
    }
  }

  private async head(): Promise<number> {
    const [row] = await this.dataSource.query<{ head: string }[]>(
      'SELECT coalesce(max(global_position), 0) AS head FROM events',
    );
    return Number(row?.head ?? 0);
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
   * Read-your-writes: waits until every named consumer (default: all) has reached `position`. False at once when
   * one that has not is recorded failing (stuck on an event: waiting would only delay the answer).
   */
  async waitForPosition(
    position: number,
    timeoutMs: number,
    names: readonly string[] = this.names(),
  ): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.dataSource.query<{ name: string; position: string; failing: boolean }[]>(
        `SELECT name, position, failing_since IS NOT NULL AS failing
           FROM consumer_checkpoints WHERE name = ANY($1)`,
        [names],
      );
      const behind = names
        .map((n) => rows.find((r) => r.name === n))
        .filter((r) => Number(r?.position ?? 0) < position);
      if (behind.length === 0) return true;
      if (Date.now() >= deadline || behind.some((r) => r?.failing === true)) return false;
      await sleep(Math.min(50, Math.max(1, deadline - Date.now())));
    }
  }

  wakeAll(): void {
    for (const l of this.loops.values()) l.wake();
  }

  private async listen(): Promise<void> {
    let backoff = 200;
    while (!this.stopped) {
      const client = new Client({ connectionString: this.databaseUrl });
      try {
        const closed = new Promise<void>((resolve) => {
          client.on('error', (e) => {
            this.log.warn(`LISTEN connection lost: ${e.message}`);
            resolve();
          });
          client.on('end', () => resolve());
        });
        await client.connect();
        client.on('notification', () => this.wakeAll());
        await client.query('LISTEN pm_events');
        this.listener = client;
        backoff = 200;
        this.wakeAll();
        await closed;
      } catch (e) {
        if (!this.stopped) this.log.warn(`LISTEN failed: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        this.listener = undefined;
        await client.end().catch(() => undefined);
      }
      if (!this.stopped) await sleep(backoff);
      backoff = Math.min(backoff * 2, 5000);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.loops.values()].map((l) => l.stop()));
    await this.listener?.end().catch(() => undefined);
  }
}
