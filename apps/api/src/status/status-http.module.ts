import { Module } from '@nestjs/common';
import { EventStoreModule } from '@app/event-store';
import { StatusController } from './status.controller';

/** HTTP surface of the service's own status: how fresh the figures are. */
@Module({ imports: [EventStoreModule], controllers: [StatusController] })
export class StatusHttpModule {}
