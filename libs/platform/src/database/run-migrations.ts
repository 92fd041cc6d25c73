import { DataSource } from 'typeorm';
import { grantApplicationRole } from './app-role';
import { dataSourceOptions } from './data-source-options';

const MIGRATION_LOCK = 72620100;

/**
 * Runs pending migrations while holding a session advisory lock, so several instances starting
 * at once (two API replicas, a worker) migrate one after the other instead of racing. With `appRole`
 * (a role other than the one `dataSource` connects as), grants it its privileges under the same lock.
 */
export async function runMigrationsLocked(dataSource: DataSource, appRole?: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      const [me] = (await runner.query('SELECT current_user AS u')) as { u: string }[];
      if (appRole !== undefined && appRole !== me?.u) await grantApplicationRole(runner, appRole);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * The schema for a service that connects as `appRole`: migrations (and the grants) as the owner
 * (`migrationUrl`) on a short-lived connection of their own.
 */
export async function migrateAsOwner(migrationUrl: string, appRole: string): Promise<void> {
  const owner = new DataSource(dataSourceOptions(migrationUrl, { migrationsRun: false, extra: { max: 2 } }));
  await owner.initialize();
  try {
    await runMigrationsLocked(owner, appRole);
  } finally {
    await owner.destroy();
  }
}
