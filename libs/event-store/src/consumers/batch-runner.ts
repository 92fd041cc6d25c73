import { databaseOutageOf } from '@app/platform';
import type { BatchOutcome } from './consumer-batch';
import type { BatchFailure, CheckpointState } from './consumer-failures';
import type { EventConsumer } from './event-consumer';

/**
 * What a loop asks of the runner (`ConsumerRunner`): one batch in its transaction (at most `limit` events), the
 * consumer's batch size, to record or clear a failure on the consumer's checkpoint row (outside any
 * batch), and, when it takes the consumer over or its checkpoint was set by hand, the checkpoint and the narrowing a
 * failure recorded there (`failing-run.ts`).
 */
export interface BatchRunner {
  /**
   * `count`: the events applied; `passed`: how far the checkpoint moved (other types passed over included);
   * `position`, `moves`: the checkpoint after it; `atHead`: whether it reached the head (then the loop waits). A failure is a `BatchFailedError` (the error, the batch it
   * happened in).
   */
  nextBatch(consumer: EventConsumer, limit: number): Promise<BatchOutcome>;
  batchLimit(consumer: EventConsumer): number;
  recordFailure(consumer: EventConsumer, failure: BatchFailure): Promise<void>;
  clearFailure(consumer: EventConsumer): Promise<void>;
  checkpointState(consumer: EventConsumer): Promise<CheckpointState>;
}

/** The production backoff after `retries` failed batches in a row: 200 ms, doubling, up to 30 s. */
export const backoffMs = (retries: number): number => Math.min(30_000, 100 * 2 ** Math.min(retries, 9));

/**
 * Why a batch failed, when the database was away (it heals by itself): an outage, or TypeORM's answer to a
 * transaction whose connection the pool already dropped (it died under the batch). Undefined: anything else.
 */
export function outageOf(e: unknown): string | undefined {
  const outage = databaseOutageOf(e);
  if (outage !== undefined) return `database ${outage}`;
  if (e instanceof Error && e.name === 'QueryRunnerProviderAlreadyReleasedError')
    return 'its connection was lost mid-batch';
  return undefined;
}
