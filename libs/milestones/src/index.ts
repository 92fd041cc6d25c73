export { assignmentFacts, HEALTH_SEVERITY, SCHEDULE_SEVERITY, worstOf } from './assessment/assignment-facts';
export { dayNumber, daysFromTo, fromDayNumber, shiftDays } from './assessment/calendar-days';
export {
  expectedPercentAt,
  HEALTH_COLOURS,
  HEALTH_REASON_CODES,
  type HealthAssessment,
  healthAt,
  type HealthColour,
  type HealthReason,
  type HealthReasonCode,
  progressLevel,
  reportCadenceReference,
} from './assessment/health';
export { type FactsSnapshot, healthHistory, healthSteps } from './assessment/health-history';
export { type AssessmentFacts, periodStart } from './assessment/milestone-facts';
export { SCHEDULE_STATES, scheduleAt, type ScheduleState, type ScheduleStatus } from './assessment/schedule';
export { isWorkingDay, workingCalendar, WorkingCalendar } from './assessment/working-days';
export {
  ExecuteMilestoneCommand,
  ExecuteMilestoneCommandHandler,
  type MilestoneCommandResult,
} from './commands/execute-milestone-command.handler';
export type { Executed } from './commands/executed';
export { toMilestoneEvent } from './commands/stored-milestone-events';
export { decide } from './domain/decide/decide';
export {
  ACTOR_ROLE_LABELS_ZH,
  isActorRole,
  MILESTONE_COMMAND_TYPES,
  type MilestoneActor,
  type MilestoneCommand,
  type MilestoneCommandType,
  rolesIssuing,
} from './domain/milestone.commands';
export { fieldLabelZh, MilestoneError, MilestoneErrorCode } from './domain/milestone.errors';
export { COMMAND_EVENT_TYPES, MILESTONE_EVENTS } from './domain/milestone-events.codec';
export {
  CITY_WIDE_ZONE,
  DEMO_SIMULATOR_SYSTEM,
  type EventActor,
  type LeadMode,
  MILESTONE_EVENT_LABELS_ZH,
  MILESTONE_STREAM_PREFIX,
  type MilestoneEvent,
  milestoneIdFromStreamId,
  type MilestonePlannedData,
  type MilestoneRevisedData,
  milestoneStreamId,
  type PlanImportEvent,
  type PlanPeriod,
} from './domain/milestone.events';
export { MAX_CHOICES_BATCH } from './labels/command.labels';
export { MILESTONE_LIMITS } from './domain/milestone.validation';
export {
  type AssignmentPlan,
  assignmentPlans,
  type AssignmentState,
  type IndicatorState,
  isLiveAssignment,
  leadModeOf,
} from './domain/state/assignment';
export {
  countedAssignments,
  deriveMilestone,
  isCancelledAsWhole,
  joiningAssignment,
} from './domain/state/derive';
export { cancelsWholeMilestone } from './domain/commands/cancel-milestone.command';
export { evolve, fold, isPlanEvent } from './domain/state/evolve-milestone';
export {
  isTerminalLifecycle,
  MILESTONE_LIFECYCLE_LABELS_ZH,
  MILESTONE_LIFECYCLES,
  type MilestoneLifecycle,
} from './domain/state/lifecycle';
export { assignmentOf, initialState, type MilestoneState } from './domain/state/milestone-state';
export { targetAssignments } from './domain/state/routing';
export { routeEvent } from './domain/state/route-event';
export { MilestonesModule } from './milestones.module';
export {
  type MilestoneChoicesBatch,
  MilestoneChoicesQuery,
  type UnitNameLookup,
} from './queries/milestone-choices.query';
export { type MilestoneChoicesView } from './queries/milestone-choices.view';
export { type HistoryEntry, MilestoneHistoryQuery } from './queries/milestone-history.query';
export {
  ReportStandingItemCommand,
  type StandingItemCommandResult,
} from './standing/report-standing-item.handler';
export {
  foldStandingItem,
  type ReportStandingItem,
  type StandingItemState,
  type StandingUnitReports,
} from './standing/standing-item';
export {
  STANDING_ITEM_EVENTS,
  STANDING_ITEM_KINDS,
  STANDING_STREAM_PREFIX,
  type StandingItemEvent,
  standingItemIdFromStreamId,
  type StandingItemKind,
  type StandingItemPlannedData,
  type StandingItemRevisedData,
  standingStreamId,
} from './standing/standing-item.events';
export {
  StandingItemQueries,
  type StandingReportEntry,
  type StandingTimeTravel,
} from './standing/standing-item.queries';
export { toStandingItemEvent } from './standing/stored-standing-events';
