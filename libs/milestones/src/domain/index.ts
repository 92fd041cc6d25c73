export * from './milestone.events';
export { isMilestoneEventType, MILESTONE_EVENT_TYPES } from './milestone-events.codec';
export * from './milestone.commands';
export * from './milestone.errors';
export * from './milestone.access';
export * from './state/lifecycle';
export * from './state/assignment';
export * from './state/milestone-state';
export {
  derivedLifecycle,
  deriveMilestone,
  meanPercent,
  type DerivableAssignment,
  type DerivedMilestone,
} from './state/derive';
export { evolve, fold } from './state/evolve-milestone';
export { targetAssignments } from './state/routing';
export { routeEvent } from './state/route-event';
export { decide } from './decide/decide';
export { MILESTONE_LIMITS, characterCount } from './milestone.validation';
export { commandChoices, unitsChoicesMayName, type CommandChoice } from './decide/command-choices';
