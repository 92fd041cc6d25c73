import { Module } from '@nestjs/common';
import { ReportsModule } from '@app/reports';
import { LedgerController } from './ledger.controller';
import { ReportsController } from './reports.controller';

/** HTTP surface of the retrospective reviews, year closing and the 督办台账. */
@Module({ imports: [ReportsModule], controllers: [ReportsController, LedgerController] })
export class ReportsHttpModule {}
