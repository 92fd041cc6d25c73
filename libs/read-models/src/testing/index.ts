export * from './random-plan';
export * from './random-milestone-streams';
export * from './random-event-log';
export * from './event-loop-ticks';
