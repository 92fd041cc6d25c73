export * from './event-store.port';
export * from './event-store.errors';
export * from './hash-chain';
export { PostgresEventStore } from './postgres/postgres-event-store';
export { AppendFailedError } from './postgres/append-batch';
export type { BatchStats } from './postgres/append-batcher';
export { contentHash, InMemoryEventStore, stableJson } from './in-memory/in-memory-event-store';
export * from './consumers/event-consumer';
export { ConsumerRunner, type ConsumerStatus, type RebuildResult } from './consumers/consumer-runner';
export { EventStoreModule } from './event-store.module';
export { deterministicUuid, newEventId } from './event-ids';
export { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb/kurrentdb-event-store';
export { MultiStreamAppendIncompleteError } from './kurrentdb/kurrentdb-mapping';
export { ChainBrokenError, ChainCheckpoints, type CheckpointCheck } from './checkpoints/chain-checkpoints';
export {
  CHECKPOINT_FORMAT,
  InvalidCheckpointError,
  parseCheckpoint,
  type SignedCheckpoint,
  signedText,
} from './checkpoints/checkpoint';
export { checkpointKeyFiles, readPublicKey } from './checkpoints/checkpoint-keys';
