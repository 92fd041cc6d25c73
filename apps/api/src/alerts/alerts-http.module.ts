import { Module } from '@nestjs/common';
import { AlertsModule } from '@app/alerts';
import { AlertsController, UnitContactsController } from './alerts.controller';

/** HTTP surface of alerts: list, acknowledge, scan, deliveries, contacts. */
@Module({ imports: [AlertsModule], controllers: [AlertsController, UnitContactsController] })
export class AlertsHttpModule {}
