import { Module } from '@nestjs/common';
import { ReadModelsModule } from '@app/read-models';

/** HTTP surface of the read models: milestone list, stats, agenda, health history. */
@Module({ imports: [ReadModelsModule], controllers: [] })
export class ReadModelsHttpModule {}
