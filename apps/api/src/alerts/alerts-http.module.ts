import { Module } from '@nestjs/common';
import { AlertsModule } from '@app/alerts';
import { AlertsController } from './alerts.controller';
import { UnitContactsController } from './unit-contacts.controller';

/** HTTP surface of alerts: list, acknowledge, scan, deliveries, contacts. */
@Module({ imports: [AlertsModule], controllers: [AlertsController, UnitContactsController] })
export class AlertsHttpModule {}
