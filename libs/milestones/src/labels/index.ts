/** `@app/milestones/labels`: codes people see named and their zh-CN names, importable by the browser (no imports). */
export {
  ALERT_LEVEL_LABELS_ZH,
  ALERT_LEVELS,
  ALERT_STATE_LABELS_ZH,
  ALERT_STATES,
  type AlertLevel,
  type AlertState,
} from './alert.labels';
export {
  type CommandLabels,
  type CommandSegment,
  MAX_CHOICES_BATCH,
  MILESTONE_COMMAND_LABELS,
  MILESTONE_COMMAND_TYPES,
  type MilestoneCommandName,
} from './command.labels';
export { indicatorAttainment, meetsTarget } from './indicator.labels';
export {
  ACTOR_ROLE_LABELS_ZH,
  ACTOR_ROLES,
  type ActorRole,
  HEALTH_COLOURS,
  HEALTH_LABELS_ZH,
  HEALTH_MEANINGS_ZH,
  type HealthColour,
  LEAD_MODE_LABELS_ZH,
  LEAD_MODES,
  type LeadMode,
  MILESTONE_LIFECYCLE_LABELS_ZH,
  MILESTONE_LIFECYCLES,
  type MilestoneLifecycle,
  SCHEDULE_LABELS_ZH,
  SCHEDULE_STATES,
  type ScheduleState,
} from './milestone.labels';
export { MILESTONE_SORTS, type MilestoneSortKey } from './sort.labels';
