export * from './event-store.port';
export * from './event-store.errors';
export * from './hash-chain';
export { PostgresEventStore } from './postgres/postgres-event-store';
export { InMemoryEventStore, stableJson } from './in-memory/in-memory-event-store';
export * from './consumers/event-consumer';
export { ConsumerRunner, type ConsumerStatus } from './consumers/consumer-runner';
export { EventStoreModule } from './event-store.module';
export { deterministicUuid, newEventId } from './event-ids';
