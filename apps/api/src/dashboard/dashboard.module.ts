import { Module } from '@nestjs/common';

/** Serves the dashboard (apps/dashboard/dist) at /. */
@Module({})
export class DashboardModule {}
