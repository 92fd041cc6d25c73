export * from './standing-item.events';
export * from './standing-item';
export { toStandingItemEvent } from './stored-standing-events';
export {
  ReportStandingItemCommand,
  ReportStandingItemHandler,
  type StandingItemCommandResult,
} from './report-standing-item.handler';
export {
  StandingItemQueries,
  type StandingItemAt,
  type StandingReportEntry,
  type StandingTimeTravel,
} from './standing-item.queries';
