import { Module } from '@nestjs/common';
import { ReportsModule } from '@app/reports';

/** HTTP surface of the retrospective reviews and year closing. */
@Module({ imports: [ReportsModule], controllers: [] })
export class ReportsHttpModule {}
