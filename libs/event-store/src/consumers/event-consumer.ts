import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../event-store.port';

/**
 * A checkpointed consumer (projection, monitor, notifier). `handle` runs inside a transaction; the
 * runner writes the consumer's checkpoint in that same transaction, so a batch applies exactly once.
 */
export interface EventConsumer {
  readonly name: string;
  /** A property, not a method, so that the compiler holds implementations to `RecordedEvent` (no hashes). */
  readonly handle: (events: readonly RecordedEvent[], tx: EntityManager) => Promise<void>;
  /** Empties the consumer's own tables before a rebuild (same transaction as the checkpoint reset). */
  reset?(tx: EntityManager): Promise<void>;
  /**
   * The event types `handle` reads, when it reads no others (take them from the codec `handle` filters with, e.g.
   * `CATALOG_EVENTS.types`): the runner then hands it only those (over the `(type, global_position)` index), and
   * moves the checkpoint over the others without calling `handle`, so that it still reaches the head. Leave it
   * unset for a consumer that reads every event, or that relies on a batch's positions following one another.
   */
  readonly types?: readonly string[];
  /** Largest batch this consumer wants (defaults to the runner's batch size). */
  readonly batchSize?: number;
  /**
   * Set when the consumer's state for a stream depends only on that stream's own events, in their order (never
   * on another stream, nor on how streams interleave): a rebuild may then replay the streams whose id starts
   * with `streamPrefix` one after the other, in one transaction (`ConsumerRunner.rebuild`). `reset` must
   * then not block readers (DELETE, not TRUNCATE): they keep reading the old state until the rebuild commits.
   */
  readonly replayByStream?: { readonly streamPrefix: string };
  /** Drops whatever the consumer remembers between batches (called after a rebuild, committed or not). */
  forget?(): void;
  /**
   * For a consumer whose `handle` may return with statements still queued on the transaction's connection (so
   * that a rebuild's next page is computed while the database writes this one): the runner awaits this before
   * its own statements (the checkpoint), and a failure fails the batch.
   */
  settle?(): Promise<void>;
}

export const CONSUMER_LOCK_CLASS = 72620111;

/** The channel a checkpoint set by hand (a skip, a reset, a rebuild) is announced on; the payload: the consumer's name. */
export const CHECKPOINT_MOVED_CHANNEL = 'pm_checkpoint_moved';
