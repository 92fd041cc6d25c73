import type { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { type AppConfig, databaseOutageOf } from '@app/platform';
import { BatchFailedError, type BatchFailure, errorLine } from './consumer-failures';
import { eventBound, sqlStateOf } from './event-bound';
import { CONSUMER_LOCK_CLASS, type EventConsumer } from './event-consumer';
import { FailingRun } from './failing-run';

/** A linger ends once no append has arrived for this long (the burst is over). */
const QUIET_MS = 10;
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
 * "at the head", and to record or clear a failure on the consumer's checkpoint row (outside any batch).
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
}

/** One consumer's life in this process: contend for its lock, then process until stopped. */
export class ConsumerLoop {
  active = false;
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  /** A NOTIFY (or a caller) asked for a batch since the last one began. */
  private woken = false;
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

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * Waits `ms` or until woken; at once when woken meanwhile (since the last batch began). True when it was woken,
   * false when the time ran out.
   */
  private idle(ms: number): Promise<boolean> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(t);
        this.wakeUp = undefined;
        this.woken = false;
        resolve(woken);
      };
      const t = setTimeout(() => done(false), ms);
      this.wakeUp = () => done(true);
    });
  }

  /**
   * Lingers up to `ms` while appends keep arriving: each wake (an append's NOTIFY) extends the wait, and once
   * `QUIET_MS` pass without one the burst is over and the next batch runs at once, so the projections do not lag
   * the last append of a burst by the whole linger.
   */
  private async linger(ms: number): Promise<void> {
    const until = Date.now() + ms;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0 || this.stopped) return;
      this.woken = false;
      if (!(await this.idle(Math.min(QUIET_MS, left)))) return;
    }
  }

  private async run(): Promise<void> {
    let retries = 0;
    while (!this.stopped) {
      try {
        if (!this.active) {
          await this.contend();
          if (!this.active) {
            await this.idle(this.config.consumerPollMs);
            continue;
          }
          this.log.log(`${this.consumer.name}: active in this process`);
          // Another process (or this one before) may have recorded a failure: the first success clears it.
          this.failing = new FailingRun(true);
        }
        this.woken = false;
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
          await this.idle(this.config.consumerPollMs);
          if (passed > 1 && this.config.consumerLingerMs > 0 && !this.stopped)
            await this.linger(this.config.consumerLingerMs);
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
          await this.idle(delay);
        } else {
          await this.failed(error, e instanceof BatchFailedError ? e.batch : undefined, delay);
          await this.pause(delay); // the whole delay: appends arriving do not make it fail (and write) faster
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
    const from = batch?.first?.position;
    await this.runner.recordFailure(this.consumer, { error, event, from }).catch((e: unknown) => {
      this.log.warn(`${name}: cannot record the failure (${errorLine(e)})`);
    });
  }

  /** Waits `ms`, wakes or not (until stopped). */
  private async pause(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!this.stopped && Date.now() < until) await this.idle(until - Date.now());
  }

  private async clearFailure(): Promise<void> {
    await this.runner.clearFailure(this.consumer).catch((e: unknown) => {
      this.failing = new FailingRun(true); // cleared at the next success
      this.log.warn(`${this.consumer.name}: cannot clear the recorded failure (${errorLine(e)})`);
    });
  }

  /** Tries to take the consumer's session lock on a connection of its own. */
  private async contend(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('error', (e) => {
      if (this.active)
        this.log.warn(`${this.consumer.name}: lock connection lost (${e.message}); standing down`);
      this.active = false;
      this.lockClient = undefined;
    });
    try {
      await client.connect();
      const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
        CONSUMER_LOCK_CLASS,
        this.consumer.name,
      ]);
      if (r.rows[0]?.ok) {
        this.lockClient = client;
        this.active = true;
        return;
      }
    } catch (e) {
      this.log.warn(
        `${this.consumer.name}: cannot contend for lock: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    await client.end().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.done.catch(() => undefined);
    this.active = false;
    await this.lockClient?.end().catch(() => undefined);
  }
}
