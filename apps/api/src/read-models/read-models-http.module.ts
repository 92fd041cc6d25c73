import { Module } from '@nestjs/common';
import { ReadModelsModule } from '@app/read-models';
import { ReadModelsController } from './read-models.controller';

/** HTTP surface of the read models: milestone list, stats, agenda, health history. */
@Module({ imports: [ReadModelsModule], controllers: [ReadModelsController] })
export class ReadModelsHttpModule {}
