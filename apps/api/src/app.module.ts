import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MinPositionGuard } from './http/min-position.guard';
import { UndeclaredQueryGuard } from './http/query-names';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { PlatformModule, type PlatformOptions } from '@app/platform';
import { EventStoreModule } from '@app/event-store';
import { AccessModule, AuthGuard, TokenService } from '@app/access';
import { TokensController } from './tokens/tokens.controller';
import { PlansModule } from '@app/plans';
import { PlansController } from './plans/plans.controller';
import { ReadModelsModule } from '@app/read-models';
import { ReadModelsHttpModule } from './read-models/read-models-http.module';
import { AlertsHttpModule } from './alerts/alerts-http.module';
import { MilestonesHttpModule } from './milestones/milestones-http.module';
import { StandingItemsHttpModule } from './standing-items/standing-items-http.module';
import { ReportsHttpModule } from './reports/reports-http.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { StatusHttpModule } from './status/status-http.module';
import { EvidenceHttpModule } from './evidence/evidence-http.module';
import { HealthController } from './health/health.controller';
import { EventsController } from './events/events.controller';
import { rateLimitOptions } from './http/rate-limit';

/** The whole service: HTTP surface plus every capability module. */
@Module({})
export class AppModule {
  static forRoot(opts: PlatformOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(opts),
        ThrottlerModule.forRootAsync({
          imports: [AccessModule],
          inject: [TokenService],
          useFactory: (tokens: TokenService) => rateLimitOptions(opts.config.rateLimitPerMinute, tokens),
        }),
        EventStoreModule,
        AccessModule,
        PlansModule,
        MilestonesHttpModule,
        StandingItemsHttpModule,
        ReadModelsModule, // the health controller's BoardWarmUp
        ReadModelsHttpModule,
        AlertsHttpModule,
        ReportsHttpModule,
        EvidenceHttpModule,
        DashboardModule,
        StatusHttpModule,
      ],
      controllers: [HealthController, EventsController, TokensController, PlansController],
      providers: [
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        // The guards run in this order: an undeclared query parameter waits for nothing. No global interceptor:
        // a request with none passes no RxJS chain (unit names in milestone errors: the ProblemDetailsFilter).
        UndeclaredQueryGuard,
        { provide: APP_GUARD, useExisting: UndeclaredQueryGuard },
        { provide: APP_GUARD, useClass: MinPositionGuard },
      ],
    };
  }
}
