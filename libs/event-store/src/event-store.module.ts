import { Module } from '@nestjs/common';
import { EventStore } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { ConsumerRunner } from './consumers/consumer-runner';

/** The event store port (PostgreSQL adapter) and the consumer runner. */
@Module({
  providers: [{ provide: EventStore, useClass: PostgresEventStore }, ConsumerRunner],
  exports: [EventStore, ConsumerRunner],
})
export class EventStoreModule {}
