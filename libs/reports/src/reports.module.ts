import { Module } from '@nestjs/common';
import { EventStoreModule } from '@app/event-store';
import { PlansModule } from '@app/plans';
import { ReadModelsModule } from '@app/read-models';
import { CloseYearService } from './close-year/close-year.service';
import { LedgerService } from './ledger/ledger.service';
import { RetrospectiveService } from './retrospective/retrospective.service';

/** Year-end retrospective reviews, their exporters, closing the books of a year, and the 督办台账 export. */
@Module({
  imports: [EventStoreModule, PlansModule, ReadModelsModule],
  providers: [RetrospectiveService, CloseYearService, LedgerService],
  exports: [RetrospectiveService, CloseYearService, LedgerService],
})
export class ReportsModule {}
