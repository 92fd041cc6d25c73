export * from './random-milestone-streams';
