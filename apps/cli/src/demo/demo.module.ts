import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type PlatformOptions } from '@app/platform';
import { EventStoreModule } from '@app/event-store';
import { AccessModule } from '@app/access';
import { PlansModule } from '@app/plans';
import { MilestonesModule } from '@app/milestones';

/** What the demo simulator needs in-process: the plan catalogue, tokens and the milestone CommandBus. */
@Module({})
export class DemoModule {
  static forRoot(opts: PlatformOptions): DynamicModule {
    return {
      module: DemoModule,
      imports: [PlatformModule.forRoot(opts), EventStoreModule, AccessModule, PlansModule, MilestonesModule],
    };
  }
}
