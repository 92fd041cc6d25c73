import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

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
    extra: { max: 20, connectionTimeoutMillis: 5000 },
    ...overrides,
  } as DataSourceOptions;
}
