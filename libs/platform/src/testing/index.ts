export * from './test-database';
export { watchPoolRemovals } from './pool-removals';
export { resetShutdownForTests } from '../bootstrap/shutdown';
/** Every migration, in order: a spec migrates to just before one (`createTestDataSource({ migrations })`) to try it. */
export { MIGRATIONS } from '../database/migrations';
