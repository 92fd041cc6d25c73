import { Module } from '@nestjs/common';
import { EventStoreModule } from '@app/event-store';
import { CloseYearService } from './close-year/close-year.service';
import { RetrospectiveService } from './retrospective/retrospective.service';

/** Year-end retrospective reviews, their exporters, and closing the books of a year. */
@Module({
  imports: [EventStoreModule],
  providers: [RetrospectiveService, CloseYearService],
  exports: [RetrospectiveService, CloseYearService],
})
export class ReportsModule {}
