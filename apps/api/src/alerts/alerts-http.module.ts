import { Module } from '@nestjs/common';
import { AlertsModule } from '@app/alerts';

/** HTTP surface of alerts: list, acknowledge, scan, deliveries, contacts. */
@Module({ imports: [AlertsModule], controllers: [] })
export class AlertsHttpModule {}
