import { Module } from '@nestjs/common';
import { EventStoreModule } from '@app/event-store';

/** Projections (milestone board, health history, roll-ups) and their queries. */
@Module({
  imports: [EventStoreModule],
  providers: [],
  exports: [],
})
export class ReadModelsModule {}
