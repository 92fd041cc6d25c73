export { ChainBrokenError, ChainCheckpoints, type CheckpointCheck } from './checkpoints/chain-checkpoints';
export { parseCheckpoint, type SignedCheckpoint } from './checkpoints/checkpoint';
export { checkpointKeyFiles, readPublicKey } from './checkpoints/checkpoint-keys';
export { ConsumerRunner } from './consumers/consumer-runner';
export { SkipRefusedError } from './consumers/consumer-skip';
export { type ConsumerStatus } from './consumers/consumer-status';
export { type EventConsumer } from './consumers/event-consumer';
export { deterministicUuid, newEventId } from './event-ids';
export { EventIdReusedError, KeyClaimedError, WrongExpectedVersionError } from './event-store.errors';
export { EventStoreModule } from './event-store.module';
export {
  type Actor,
  type AppendClaim,
  type AppendRequest,
  type AppendResult,
  type ChainVerification,
  type EventMetadata,
  EventStore,
  type ExpectedHead,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
  type StoredEvent,
} from './event-store.port';
export { contentHash, stableJson } from './content-hash';
export { InMemoryEventStore } from './in-memory/in-memory-event-store';
export { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
export { PostgresEventStore } from './postgres/postgres-event-store';
export { EventActorQueries } from './queries/event-actor-queries';
export {
  type Decoded,
  EventCodec,
  type EventPayload,
  MalformedEventError,
  type TypedEvent,
} from './typed/event-codec';
export { PayloadError, payloadObject, shape } from './typed/payload';
