/** Builders for tests of any lib: `@app/milestones/testing`. */
export * from '../domain/testing/milestone.builders';
export * from '../domain/testing/milestone-command.builders';
export * from '../domain/testing/milestone.fixtures';
export * from '../assessment/testing/milestone-facts.builder';
export * from './counting-store';
