import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreModule } from '@app/event-store';
import { ExecuteMilestoneCommandHandler } from './commands/execute-milestone-command.handler';
import { MilestoneChoicesQuery } from './queries/milestone-choices.query';
import { MilestoneHistoryQuery } from './queries/milestone-history.query';
import { ReportStandingItemHandler, StandingItemQueries } from './standing';

/** Milestone and standing-item commands (through the CommandBus), the history, command-choice and standing-item queries. */
@Module({
  imports: [CqrsModule, EventStoreModule],
  providers: [
    ExecuteMilestoneCommandHandler,
    MilestoneHistoryQuery,
    MilestoneChoicesQuery,
    ReportStandingItemHandler,
    StandingItemQueries,
  ],
  exports: [CqrsModule, MilestoneHistoryQuery, MilestoneChoicesQuery, StandingItemQueries],
})
export class MilestonesModule {}
