export { ReadModelsModule } from './read-models.module';
export {
  MILESTONE_BOARD_CONSUMER,
  MILESTONE_BOARD_TABLES,
  MilestoneBoardProjection,
} from './milestone-board/milestone-board.projection';
export { ReadModelContext } from './milestone-board/read-model-context';
export {
  MilestoneBoardQueries,
  type AsOfHeader,
  type MilestonePage,
  type MilestoneSelection,
} from './queries/milestone-board.queries';
export {
  UnitAgendaQueries,
  AGENDA_REPORT_WINDOW_DAYS,
  AGENDA_SECTION_LIMIT,
  AGENDA_SECTIONS,
  type AgendaActor,
  type AgendaItem,
  type AgendaSection,
  type UnitAgenda,
} from './queries/unit-agenda.queries';
export {
  MilestoneStatsQueries,
  STATS_DIMENSIONS,
  type StatsDimension,
  type StatsGroup,
  type StatsReport,
  type UnitStatsGroup,
} from './queries/milestone-stats.queries';
export { STATS_DEFINITIONS, type Definition, type GroupStats } from './queries/stats-accumulator';
export {
  HealthHistoryQueries,
  type HealthChangeView,
  type HealthHistoryParams,
  type HealthHistoryView,
} from './queries/health-history.queries';
export {
  HEALTH_LABELS_ZH,
  SCHEDULE_LABELS_ZH,
  type AssignmentView,
  type HealthView,
  type MilestoneBoardView,
  type UnitRef,
} from './queries/milestone-board.view';
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  MILESTONE_SORTS,
  UNIT_ROLES,
  parseTimeTravel,
  type MilestoneFilterParams,
  type MilestoneListParams,
  type TimeTravelParams,
} from './queries/read-model-params';
