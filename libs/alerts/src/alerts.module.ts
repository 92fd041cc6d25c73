import { Module } from '@nestjs/common';
import { EventStoreModule } from '@app/event-store';

/** Slippage alerts: rules, alert streams, notifier, outbox, mail sender. */
@Module({
  imports: [EventStoreModule],
  providers: [],
  exports: [],
})
export class AlertsModule {}
