import type { Logger } from '@nestjs/common';
import type { Client } from 'pg';
import { type AppConfig, databaseOutageOf } from '@app/platform';
import { BatchFailedError, type BatchFailure, errorLine, type Narrowing } from './consumer-failures';
import { takeConsumerLock } from './consumer-lock';
import { eventBound, sqlStateOf } from './event-bound';
import type { EventConsumer } from './event-consumer';
import { FailingRun } from './failing-run';
import { LoopWaits } from './loop-waits';

/**
 * Why a batch failed, when the database was away (it heals by itself): an outage, or TypeORM's answer to a
 * transaction whose connection the pool already dropped (it died under the batch). Undefined: anything else.
 */
function outageOf(e: unknown): string | undefined {
  const outage = databaseOutageOf(e);
  if (outage !== undefined) return `database ${outage}`;
  if (e instanceof Error && e.name === 'QueryRunnerProviderAlreadyReleasedError')
    return 'its connection was lost mid-batch';
  return undefined;
}

/** The production backoff after `retries` failed batches in a row: 200 ms, doubling, up to 30 s. */
export const backoffMs = (retries: number): number => Math.min(30_000, 100 * 2 ** Math.min(retries, 9));

/**
 * What a loop asks of the runner: one batch in its transaction (at most `limit` events), the batch size that means
 * "at the head", to record or clear a failure on the consumer's checkpoint row (outside any batch), and, when it
 * takes the consumer over, the narrowing a failure recorded there (`failing-run.ts`).
 */
export interface BatchRunner {
  /**
   * `count`: the events applied; `passed`: how far the checkpoint moved (other types passed over included);
   * `position`: the checkpoint after it. A failure is a `BatchFailedError` (the error, the batch it happened in).
   */
  nextBatch(
    consumer: EventConsumer,
    limit: number,
  ): Promise<{ count: number; passed: number; position: number }>;
  batchLimit(consumer: EventConsumer): number;
  recordFailure(consumer: EventConsumer, failure: BatchFailure): Promise<void>;
  clearFailure(consumer: EventConsumer): Promise<void>;
  recordedNarrowing(consumer: EventConsumer): Promise<Narrowing | undefined>;
}

/** One consumer's life in this process: contend for its lock, then process until stopped. */
export class ConsumerLoop {
  active = false;
  /** Its waits, and what ends them. */
  private readonly waits = new LoopWaits();
  private lockClient: Client | undefined;
  private done: Promise<void> = Promise.resolve();
  /** The failing batches since the last success past them (none yet: a new run). */
  private failing = new FailingRun();

  /** `backoff`: the wait after `retries` failed batches in a row (`backoffMs`; tests shorten it). */
  constructor(
    private readonly consumer: EventConsumer,
    private readonly runner: BatchRunner,
    private readonly databaseUrl: string,
    private readonly config: AppConfig,
    private readonly log: Logger,
    private readonly backoff: (retries: number) => number = backoffMs,
  ) {}

  start(): void {
    this.done = this.run();
  }

  /** A batch is asked for (an append's NOTIFY, a caller): see `LoopWaits`. */
  wake(): void {
    this.waits.wake();
  }

  /** The checkpoint was set by hand (skip, reset, rebuild): see `LoopWaits`; the next batch starts a new run. */
  checkpointMoved(): void {
    this.waits.checkpointMoved();
  }

  private async run(): Promise<void> {
    let retries = 0;
    while (!this.waits.stopped) {
      try {
        if (!this.active) {
          await this.contend();
          if (!this.active) {
            await this.waits.idle(this.config.consumerPollMs);
            continue;
          }
          // Another process (or this one before) may have recorded a failure: the first success clears it, and
          // the batches go on narrowing from where it left off.
          this.failing = FailingRun.resumed(
            await this.recordedNarrowing(),
            this.runner.batchLimit(this.consumer),
          );
          const { narrowing } = this.failing;
          this.log.log(
            `${this.consumer.name}: active in this process` +
              (narrowing === undefined
                ? ''
                : `; failing, pinning the event down from batches of at most ${narrowing.limit} events`),
          );
        }
        // Set by hand: this run's limit and range were about the old checkpoint. A new run (a batch in flight may
        // have recorded a failure after the move: the first success clears it).
        if (this.waits.batchBegins()) this.failing = new FailingRun(true);
        const limit = this.failing.limit ?? this.runner.batchLimit(this.consumer);
        const { count, passed, position } = await this.runner.nextBatch(this.consumer, limit);
        retries = 0;
        if (this.failing.succeeded(position)) await this.clearFailure();
        // A short batch reached the head as its snapshot saw it: wait for the next append's NOTIFY (or the poll)
        // instead of asking again at once. When that batch moved over more than one event (appends are arriving
        // in a stream, of the consumer's types or not), linger too while they keep arriving, so that the appends
        // of those milliseconds join the next batch: a consumer's batch per many events instead of per few. A lone
        // append is applied at once.
        if (count < limit) {
          await this.waits.idle(this.config.consumerPollMs);
          if (passed > 1 && this.config.consumerLingerMs > 0 && !this.waits.stopped)
            await this.waits.linger(this.config.consumerLingerMs);
        }
      } catch (e) {
        retries++;
        const delay = this.backoff(retries);
        const error = e instanceof BatchFailedError ? e.cause : e;
        const why = outageOf(error);
        if (why !== undefined) {
          // The database is away or was (it heals by itself): one line, no stack. A wake (the listener back)
          // retries at once.
          this.log.warn(`${this.consumer.name}: ${why}; batch retried in ${delay} ms`);
          await this.waits.idle(delay);
        } else {
          await this.failed(error, e instanceof BatchFailedError ? e.batch : undefined, delay);
          await this.waits.pause(delay); // the whole delay: appends arriving do not make it fail (and write) faster
        }
      }
    }
  }

  /**
   * A batch failed for another reason than an outage (a bug, a payload `handle` cannot take, a missing table): logs
   * it (the stack the first time) and records it on the checkpoint row; when the error can come from an event
   * (`eventBound`), narrows the next batch to pin it down (`FailingRun`).
   */
  private async failed(
    error: unknown,
    batch: BatchFailedError['batch'] | undefined,
    delay: number,
  ): Promise<void> {
    const name = this.consumer.name;
    const state = sqlStateOf(error);
    const bound = eventBound(state);
    const event = bound
      ? this.failing.failed(this.runner.batchLimit(this.consumer), batch)
      : this.failing.failedUnbound();
    const times = this.failing.failures;
    const what = !bound
      ? `batch failed, not because of an event (SQLSTATE ${state}; ${times}×; retry in ${delay} ms; fix the cause)`
      : event === undefined
        ? `batch failed (${times}×; next at most ${this.failing.limit} events, in ${delay} ms)`
        : `event ${event.position} (${event.eventId}) fails (${times}×; retry in ${delay} ms; ` +
          `projections status / projections skip)`;
    const detail =
      this.failing.failures === 1 && error instanceof Error
        ? (error.stack ?? error.message)
        : errorLine(error);
    this.log.error(`${name}: ${what}: ${detail}`);
    const checkpoint = batch?.checkpoint;
    const narrowing = this.failing.narrowing;
    await this.runner
      .recordFailure(this.consumer, { error, event, checkpoint, narrowing })
      .catch((e: unknown) => {
        this.log.warn(`${name}: cannot record the failure (${errorLine(e)})`);
      });
  }

  /** The narrowing recorded by the loop before this one (undefined: none, or it cannot be read: from the start). */
  private async recordedNarrowing(): Promise<Narrowing | undefined> {
    return this.runner.recordedNarrowing(this.consumer).catch((e: unknown) => {
      this.log.warn(`${this.consumer.name}: cannot read the recorded failure (${errorLine(e)})`);
      return undefined;
    });
  }

  private async clearFailure(): Promise<void> {
    await this.runner.clearFailure(this.consumer).catch((e: unknown) => {
      this.failing = new FailingRun(true); // cleared at the next success
      this.log.warn(`${this.consumer.name}: cannot clear the recorded failure (${errorLine(e)})`);
    });
  }

  /** Tries to take the consumer's session lock on a connection of its own (`takeConsumerLock`). */
  private async contend(): Promise<void> {
    const name = this.consumer.name;
    try {
      this.lockClient = await takeConsumerLock(this.databaseUrl, name, {
        lost: (e) => {
          if (this.active) this.log.warn(`${name}: lock connection lost (${e.message}); standing down`);
          this.active = false;
          this.lockClient = undefined;
        },
        moved: () => this.checkpointMoved(),
      });
      this.active = this.lockClient !== undefined;
    } catch (e) {
      this.log.warn(`${name}: cannot contend for lock: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async stop(): Promise<void> {
    this.waits.stop();
    await this.done.catch(() => undefined);
    this.active = false;
    await this.lockClient?.end().catch(() => undefined);
  }
}
