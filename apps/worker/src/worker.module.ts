import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type PlatformOptions } from '@app/platform';
import { EventStoreModule } from '@app/event-store';
import { PlansModule } from '@app/plans';
import { ReadModelsModule } from '@app/read-models';
import { AlertsModule } from '@app/alerts';

/** The worker: consumers (projections, monitor, mail sender), no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(opts: PlatformOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot(opts), EventStoreModule, PlansModule, ReadModelsModule, AlertsModule],
    };
  }
}
