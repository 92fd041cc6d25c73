import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { PlatformModule, type PlatformOptions } from '@app/platform';
import { EventStoreModule } from '@app/event-store';
import { HealthController } from './health/health.controller';
import { EventsController } from './events/events.controller';

/** The whole service: HTTP surface plus every capability module. */
@Module({})
export class AppModule {
  static forRoot(opts: PlatformOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(opts),
        ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: opts.config.rateLimitPerMinute }]),
        EventStoreModule,
      ],
      controllers: [HealthController, EventsController],
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    };
  }
}
