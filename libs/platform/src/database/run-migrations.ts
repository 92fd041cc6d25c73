import type { DataSource } from 'typeorm';

const MIGRATION_LOCK = 72620100;

/**
 * Runs pending migrations while holding a session advisory lock, so several instances starting
 * at once (two API replicas, a worker) migrate one after the other instead of racing.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
