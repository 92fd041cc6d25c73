export * from './test-database';
export { resetShutdownForTests } from '../bootstrap/shutdown';
