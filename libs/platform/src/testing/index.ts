export * from './test-database';
export { watchPoolRemovals } from './pool-removals';
export { resetShutdownForTests } from '../bootstrap/shutdown';
export { MIGRATIONS, migrationNamed } from './migrations';
