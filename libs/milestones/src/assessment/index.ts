export * from './milestone-facts';
export * from './working-days';
export * from './schedule';
export * from './health';
export * from './health-history';
export * from './calendar-days';
export * from './assignment-facts';
