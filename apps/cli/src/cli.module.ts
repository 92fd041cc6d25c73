import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type PlatformOptions } from '@app/platform';
import { EventStoreModule } from '@app/event-store';
import { AccessModule } from '@app/access';
import { PlansModule } from '@app/plans';
import { ReadModelsModule } from '@app/read-models';
import { AlertsModule } from '@app/alerts';
import { ReportsModule } from '@app/reports';
import { EvidenceModule } from '@app/evidence';

@Module({})
export class CliModule {
  static forRoot(opts: PlatformOptions): DynamicModule {
    return {
      module: CliModule,
      imports: [
        PlatformModule.forRoot(opts),
        EventStoreModule,
        AccessModule,
        PlansModule,
        ReadModelsModule,
        AlertsModule,
        ReportsModule,
        EvidenceModule,
      ],
    };
  }
}
