import { Module } from '@nestjs/common';
import { EventStoreModule } from '@app/event-store';

/** Year-end retrospective reviews and their exporters. */
@Module({
  imports: [EventStoreModule],
  providers: [],
  exports: [],
})
export class ReportsModule {}
