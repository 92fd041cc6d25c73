import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { TimedClient } from './query-timeout';

/** TypeORM options shared by the service, the CLI and the tests: migrations, never `synchronize`. */
export function dataSourceOptions(
  url: string,
  overrides: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['migration'],
    // Without a listener an idle connection dropped by a database restart would crash the process.
    poolErrorHandler: (err: unknown) => {
      process.stderr.write(
        `[database] idle connection lost: ${err instanceof Error ? err.message : String(err)}\n`,
      );
    },
    extra: {
      max: 20,
      // A new connection, or a wait for a free one, gives up after 5 s.
      connectionTimeoutMillis: 5000,
      // TCP keepalive on pooled connections: a peer gone (host down, network cut) is noticed, not waited on.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      // The statement bound (an API process's requests', or a background scope's) and cancel: query-scope.ts.
      Client: TimedClient,
    },
    ...overrides,
  } as DataSourceOptions;
}
