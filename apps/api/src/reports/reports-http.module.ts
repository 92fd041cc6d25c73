import { Module } from '@nestjs/common';
import { ReportsModule } from '@app/reports';
import { ReportsController } from './reports.controller';

/** HTTP surface of the retrospective reviews and year closing. */
@Module({ imports: [ReportsModule], controllers: [ReportsController] })
export class ReportsHttpModule {}
