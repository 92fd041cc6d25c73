import { type BatchFailure, errorLine, type FailedBatch, type Narrowing } from './consumer-failures';
import { sqlStateOf } from './event-bound';

/**
 * A loop's run of failing batches (not outages): the smaller batch limit it retries with to pin the failing event
 * down, and whether a failure may be recorded on the checkpoint row. Pure: the loop asks it what to do.
 *
 * Each failure halves the limit from the size of the batch that failed (down to 1); a failed batch of one event
 * names it. A success before the end of the last failed batch (the first half was fine) keeps the smaller limit,
 * so the next batches close in on the event; a success that reaches it (or any success when the failed batch held
 * no event) ends the run: back to the consumer's limit, and the recorded failure is cleared. What it has learned
 * (`narrowing`) is recorded with each failure, so that a loop taking the consumer over (`resumed`) goes on from it.
 */
export class FailingRun {
  /** Failures since the run began. */
  failures = 0;
  /** The batch limit while pinning down the event (undefined: the consumer's own). */
  limit: number | undefined;
  /** The last position of the batch that failed last. */
  private until: number | undefined;

  /** `recorded`: whether a failure may be on the checkpoint row already (a success then clears it). */
  constructor(private recorded = false) {}

  /**
   * The run of a loop that has just taken the consumer over: a failure may be recorded; `narrowing`, the one recorded
   * by the loop before it (none: from the consumer's limit), at most `consumerLimit`.
   */
  static resumed(narrowing: Narrowing | undefined, consumerLimit: number): FailingRun {
    const run = new FailingRun(true);
    if (narrowing !== undefined) {
      run.limit = Math.max(1, Math.min(consumerLimit, narrowing.limit));
      run.until = narrowing.until ?? undefined;
    }
    return run;
  }

  /** What the run has learned, to record with its failure (undefined: nothing, the consumer's limit). */
  get narrowing(): Narrowing | undefined {
    return this.limit === undefined ? undefined : { limit: this.limit, until: this.until ?? null };
  }

  /** After a failed batch (`batch` undefined when unknown): the event to record, when the batch held only it. */
  failed(consumerLimit: number, batch: FailedBatch | undefined): BatchFailure['event'] {
    this.failures++;
    this.recorded = true;
    const tried = batch !== undefined && batch.count > 0 ? batch.count : (this.limit ?? consumerLimit);
    this.limit = Math.max(1, Math.floor(tried / 2));
    if (batch?.last !== undefined) this.until = batch.last;
    return batch?.count === 1 ? batch.first : undefined;
  }

  /**
   * After a failed batch whose error is not `eventBound` (it fails whatever the batch holds): counted and recorded,
   * but the batch is not narrowed (back to the consumer's limit) and no event is named.
   */
  failedUnbound(): undefined {
    this.failures++;
    this.recorded = true;
    this.limit = undefined;
    this.until = undefined;
    return undefined;
  }

  /** After a successful batch that moved the checkpoint to `position`: whether to clear a recorded failure. */
  succeeded(position: number): boolean {
    if (this.limit !== undefined && this.until !== undefined && position < this.until) return false;
    this.failures = 0;
    this.limit = undefined;
    this.until = undefined;
    const clear = this.recorded;
    this.recorded = false;
    return clear;
  }
}

/**
 * What the log says of a failed batch, once `run` has counted it (`failed`, or `failedUnbound` when not `bound`):
 * what fails, how often, what comes next in `delay` ms, and the error (its stack the first time).
 */
export function failureMessage(
  run: FailingRun,
  error: unknown,
  bound: boolean,
  event: BatchFailure['event'],
  delay: number,
): string {
  const times = run.failures;
  const what = !bound
    ? `batch failed, not because of an event (SQLSTATE ${sqlStateOf(error)}; ${times}×; retry in ${delay} ms; ` +
      'fix the cause)'
    : event === undefined
      ? `batch failed (${times}×; next at most ${run.limit} events, in ${delay} ms)`
      : `event ${event.position} (${event.eventId}) fails (${times}×; retry in ${delay} ms; ` +
        `projections status / projections skip)`;
  const detail = times === 1 && error instanceof Error ? (error.stack ?? error.message) : errorLine(error);
  return `${what}: ${detail}`;
}
