export * from './domain';
export { MilestonesModule } from './milestones.module';
export {
  ExecuteMilestoneCommand,
  ExecuteMilestoneCommandHandler,
  type MilestoneCommandResult,
} from './commands/execute-milestone-command.handler';
export { CommandContendedError } from './commands/command-contended.error';
export { toMilestoneEvent, toMilestoneEvents } from './commands/stored-milestone-events';
export { MilestoneHistoryQuery, type HistoryEntry } from './queries/milestone-history.query';
export {
  MilestoneChoicesQuery,
  type AssignmentChoicesView,
  type IndicatorTargetView,
  type MilestoneChoicesView,
} from './queries/milestone-choices.query';
export * from './standing';
export * from './assessment';
