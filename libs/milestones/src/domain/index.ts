export * from './milestone.events';
export * from './milestone.commands';
export * from './milestone.errors';
export * from './milestone';
export * from './milestone.access';
export { MILESTONE_LIMITS, characterCount, parseInstant } from './milestone.validation';
export * from './testing/milestone.builders';
