import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { migrateAsOwner, runMigrationsLocked } from './database/run-migrations';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { Clock, SystemClock } from './clock/clock';
import { dataSourceOptions } from './database/data-source-options';
import { withQueryTimeout } from './database/query-scope';
import { DatabaseHealth } from './database/database-health';

export const DATABASE_URL = Symbol('DATABASE_URL');

export interface PlatformOptions {
  readonly config: AppConfig;
  /** The resolved database URL (external, or the embedded server started before Nest): the service's role. */
  readonly databaseUrl: string;
  /** The schema owner: migrations and grants run as it (`undefined`: as `databaseUrl`). */
  readonly migrationUrl?: string | undefined;
  readonly clock?: Clock;
}

/** Configuration, clock and database, available to every module. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(opts: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions(opts.databaseUrl, { migrationsRun: false }),
            autoLoadEntities: true,
          }),
          dataSourceFactory: async (options) => {
            const dataSource = new DataSource(options!);
            // Background work: unbounded, whatever bound the requests' statements get (query-scope.ts).
            return withQueryTimeout(0, async () => {
              await dataSource.initialize();
              if (opts.migrationUrl === undefined || opts.migrationUrl === opts.databaseUrl) {
                await runMigrationsLocked(dataSource);
              } else {
                const [me] = await dataSource.query<{ u: string }[]>('SELECT current_user AS u');
                await migrateAsOwner(opts.migrationUrl, me!.u);
              }
              return dataSource;
            });
          },
        }),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: opts.config },
        { provide: DATABASE_URL, useValue: opts.databaseUrl },
        { provide: Clock, useValue: opts.clock ?? new SystemClock() },
        DatabaseHealth,
      ],
      exports: [APP_CONFIG, DATABASE_URL, Clock, DatabaseHealth],
    };
  }
}
