import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { EventStore } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
import { ConsumerRunner } from './consumers/consumer-runner';
import { ChainCheckpoints } from './checkpoints/chain-checkpoints';
import { EventActorQueries } from './queries/event-actor-queries';

/**
 * The event store port (PostgreSQL by default; KurrentDB with EVENT_STORE=kurrentdb, see
 * docs/kurrentdb.md), the consumer runner, the signed checkpoints of the hash chain and who-wrote-what queries.
 */
@Module({
  providers: [
    {
      provide: EventStore,
      inject: [DataSource, APP_CONFIG],
      useFactory: (dataSource: DataSource, config: AppConfig): EventStore => {
        if (config.eventStore !== 'kurrentdb') return new PostgresEventStore(dataSource);
        if (config.kurrentdbUrl === undefined) throw new Error('EVENT_STORE=kurrentdb needs KURRENTDB_URL');
        return KurrentDbEventStore.connect(dataSource, config.kurrentdbUrl, {
          streamPrefix: config.kurrentdbStreamPrefix,
          pollMs: config.consumerPollMs,
        });
      },
    },
    ConsumerRunner,
    ChainCheckpoints,
    EventActorQueries,
  ],
  exports: [EventStore, ConsumerRunner, ChainCheckpoints, EventActorQueries],
})
export class EventStoreModule {}
