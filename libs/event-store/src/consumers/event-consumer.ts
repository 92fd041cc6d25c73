import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '../event-store.port';

/**
 * A checkpointed consumer (projection, monitor, notifier). `handle` runs inside a transaction; the
 * runner writes the consumer's checkpoint in that same transaction, so a batch applies exactly once.
 */
export interface EventConsumer {
  readonly name: string;
  handle(events: readonly StoredEvent[], tx: EntityManager): Promise<void>;
  /** Empties the consumer's own tables before a rebuild (same transaction as the checkpoint reset). */
  reset?(tx: EntityManager): Promise<void>;
  /** Largest batch this consumer wants (defaults to the runner's batch size). */
  readonly batchSize?: number;
}

export const CONSUMER_LOCK_CLASS = 72620111;
