import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { EventStoreModule } from '@app/event-store';
import { PlansModule } from '@app/plans';
import { DashboardSessionController } from './dashboard-session.controller';
import {
  DASHBOARD_DIST_DIR,
  DASHBOARD_ROUTES,
  DashboardStaticMiddleware,
  dashboardDistDir,
} from './dashboard-static.middleware';
import { SimulatedDataQuery } from './simulated-data.query';

/**
 * Serves the dashboard (apps/dashboard/dist) at `/` without a token, with an SPA fallback for client
 * routes; `/api/*` and `/health/*` stay with their controllers. `GET /api/v1/dashboard/session` tells the
 * SPA who the token is and whether the data is simulated (模拟数据).
 */
@Module({
  imports: [PlansModule, EventStoreModule],
  controllers: [DashboardSessionController],
  providers: [
    SimulatedDataQuery,
    DashboardStaticMiddleware,
    { provide: DASHBOARD_DIST_DIR, useFactory: dashboardDistDir },
  ],
})
export class DashboardModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(DashboardStaticMiddleware).forRoutes(DASHBOARD_ROUTES);
  }
}
