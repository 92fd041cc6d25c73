export { SHOWN_FACTS, type ShownField } from './milestone-board/fact-columns';
export { MILESTONE_BOARD_CONSUMER } from './milestone-board/milestone-board.projection';
export { BoardWarmUp } from './queries/board-warm-up';
export { assignmentVersionSql, type AssignmentVersionColumns } from './queries/assignment-rows';
export { HealthHistoryQueries } from './queries/health-history.queries';
export { type HealthHistoryView } from './queries/health-history.view';
export {
  type AsOfHeader,
  MilestoneBoardQueries,
  type MilestonePage,
  type MilestoneSelection,
} from './queries/milestone-board.queries';
export {
  type AssignmentView,
  type HealthView,
  type MilestoneBoardView,
} from './queries/milestone-board.view';
export {
  MilestoneStatsQueries,
  STATS_DIMENSIONS,
  type StatsGroup,
  type StatsReport,
  type UnitStatsGroup,
} from './queries/milestone-stats.queries';
export {
  MAX_PAGE_SIZE,
  MILESTONE_SORTS,
  type MilestoneFilterParams,
  parseTimeTravel,
  UNIT_ROLES,
  type UnitRole,
} from './queries/read-model-params';
export { ReferenceDataWarmUp } from './queries/reference-warm-up';
export { type UnitAgenda, UnitAgendaQueries } from './queries/unit-agenda.queries';
export { ReadModelsModule } from './read-models.module';
