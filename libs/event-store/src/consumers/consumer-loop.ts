import type { Logger } from '@nestjs/common';
import type { Client } from 'pg';
import type { AppConfig } from '@app/platform';
import { backoffMs, type BatchRunner, outageOf } from './batch-runner';
import {
  BatchFailedError,
  type CheckpointSeen,
  errorLine,
  type FailedBatch,
  type Narrowing,
} from './consumer-failures';
import { takeConsumerLock } from './consumer-lock';
import { eventBound, sqlStateOf } from './event-bound';
import type { EventConsumer } from './event-consumer';
import { FailingRun, failureMessage } from './failing-run';
import { LoopWaits } from './loop-waits';

/** One consumer's life in this process: contend for its lock, then process until stopped. */
export class ConsumerLoop {
  active = false;
  /** Its waits, and what ends them. */
  private readonly waits = new LoopWaits();
  private lockClient: Client | undefined;
  private done: Promise<void> = Promise.resolve();
  /** The failing batches since the last success past them (none yet: a new run). */
  private failing = new FailingRun();
  /**
   * Where the loop last saw the checkpoint (undefined: unknown): a batch that fails before it locks the checkpoint is
   * recorded only while the checkpoint still stands there, not moved by hand since (`recordFailure`).
   */
  private seen: CheckpointSeen | undefined;

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

  /** A batch is asked for (an append transaction's NOTIFY, a caller): see `LoopWaits`. */
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
            // Another process holds the consumer: try again at the poll. Not at each append's wake: each try is a
            // new connection, and a standby would open one per append.
            await this.waits.standby(this.config.consumerPollMs);
            continue;
          }
          const narrowing = await this.resume();
          this.log.log(
            `${this.consumer.name}: active in this process` +
              (narrowing === undefined
                ? ''
                : `; failing, pinning the event down from batches of at most ${narrowing.limit} events`),
          );
        }
        // Set by hand: this run's limit, range and backoff were about the old checkpoint. A new run, from the row.
        if (this.waits.batchBegins()) {
          retries = 0;
          await this.resume();
        }
        const limit = this.failing.limit ?? this.runner.batchLimit(this.consumer);
        const { passed, position, moves, atHead } = await this.runner.nextBatch(this.consumer, limit);
        this.seen = { position, moves };
        retries = 0;
        if (this.failing.succeeded(position)) await this.clearFailure();
        // A batch that reached the head as its snapshot saw it (`atHead`; not a short one: a batch over a gap in
        // positions holds fewer events, or none, short of the head): wait for the next append transaction's NOTIFY (or the poll)
        // instead of asking again at once. When that batch moved over more than one event (appends are arriving
        // in a stream, of the consumer's types or not), linger too while they keep arriving, so that the appends
        // of those milliseconds join the next batch: a consumer's batch per many events instead of per few. A lone
        // append is applied at once.
        if (atHead) {
          await this.waits.idle(this.config.consumerPollMs);
          if (passed > 1 && this.config.consumerLingerMs > 0 && !this.waits.stopped)
            await this.waits.linger(this.config.consumerLingerMs);
        }
      } catch (e) {
        retries++;
        const delay = this.backoff(retries);
        const batch = e instanceof BatchFailedError ? e.batch : undefined;
        const error = e instanceof BatchFailedError ? e.cause : e;
        if (batch?.checkpoint !== undefined) this.seen = batch.checkpoint; // rolled back: it still stands there
        const why = outageOf(error);
        if (why !== undefined) {
          // The database is away or was (it heals by itself): one line, no stack. A wake (the listener back)
          // retries at once.
          this.log.warn(`${this.consumer.name}: ${why}; batch retried in ${delay} ms`);
          await this.waits.idle(delay);
        } else {
          await this.failed(error, batch, delay);
          await this.waits.pause(delay); // the whole delay: appends arriving do not make it fail (and write) faster
        }
      }
    }
  }

  /**
   * A batch failed for another reason than an outage (a bug, a payload `handle` cannot take, a missing table): logs
   * it (the stack the first time) and records it on the checkpoint row, as it stood when the batch locked it (or, if
   * the batch failed before, when the loop last saw it); when the error can come from an event (`eventBound`),
   * narrows the next batch to pin it down (`FailingRun`).
   */
  private async failed(error: unknown, batch: FailedBatch | undefined, delay: number): Promise<void> {
    const name = this.consumer.name;
    const bound = eventBound(sqlStateOf(error));
    const event = bound
      ? this.failing.failed(this.runner.batchLimit(this.consumer), batch)
      : this.failing.failedUnbound();
    this.log.error(`${name}: ${failureMessage(this.failing, error, bound, event, delay)}`);
    // Before its lock the batch knows only the loop's last sight: its moves tell a hand move; a catch-up (or another
    // process) may have moved the position since, and comparing that would leave a real failure unrecorded for good.
    // A process that lost the consumer's lock meanwhile leaves the row to the one that holds it: its failure there
    // would never be cleared (the holder's successes clear only what it recorded).
    if (batch?.checkpoint === undefined && !this.active) return;
    const checkpoint = batch?.checkpoint ?? (this.seen && { moves: this.seen.moves });
    const narrowing = this.failing.narrowing;
    await this.runner
      .recordFailure(this.consumer, { error, event, checkpoint, narrowing })
      .catch((e: unknown) => {
        this.log.warn(`${name}: cannot record the failure (${errorLine(e)})`);
      });
  }

  /**
   * A new run from the consumer's row, when the loop takes the consumer over or its checkpoint was set by hand: where
   * the checkpoint stands, and the narrowing recorded by the loop before (in this process or another), which it goes
   * on from; a failure may be recorded (the first success clears it). When the row cannot be read: from the
   * consumer's limit, and the checkpoint unknown until a batch locks it.
   */
  private async resume(): Promise<Narrowing | undefined> {
    const state = await this.runner.checkpointState(this.consumer).catch((e: unknown) => {
      this.log.warn(
        `${this.consumer.name}: cannot read its checkpoint and recorded failure (${errorLine(e)})`,
      );
      return undefined;
    });
    this.seen = state && { position: state.position, moves: state.moves };
    this.failing = FailingRun.resumed(state?.narrowing, this.runner.batchLimit(this.consumer));
    return state?.narrowing;
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
      this.lockClient = await takeConsumerLock(this.databaseUrl, name, (e) => {
        if (this.active) this.log.warn(`${name}: lock connection lost (${e.message}); standing down`);
        this.active = false;
        this.lockClient = undefined;
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
