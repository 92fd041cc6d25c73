import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreModule } from '@app/event-store';
import { ExecuteMilestoneCommandHandler } from './commands/execute-milestone-command.handler';
import { MilestoneHistoryQuery } from './queries/milestone-history.query';

/** Milestone commands (through the CommandBus) and the history query. */
@Module({
  imports: [CqrsModule, EventStoreModule],
  providers: [ExecuteMilestoneCommandHandler, MilestoneHistoryQuery],
  exports: [CqrsModule, MilestoneHistoryQuery],
})
export class MilestonesModule {}
