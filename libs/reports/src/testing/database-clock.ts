import { Client } from 'pg';

export interface DatabaseClock {
  /** Events appended from now on are recorded at this instant (null: the real clock again). */
  set(at: Date | string | null): Promise<void>;
  close(): Promise<void>;
}

const REAL = 'v_rec := clock_timestamp();';
const FAKE = 'v_rec := coalesce((SELECT at FROM pm_test_clock LIMIT 1), clock_timestamp());';

/**
 * Tests only: makes `recorded_at` (the database clock of `pm_append_batch`, which `pm_append` calls) settable in one
 * test database, so a test can record a report "in January" and check what was known at the year end. It swaps the
 * one line of `pm_append_batch` that reads the clock for one that reads `pm_test_clock` first; everything else
 * (locking, hash chain, checks) stays as it is. Fails loudly if `pm_append_batch` no longer has that line.
 */
export async function installDatabaseClock(databaseUrl: string): Promise<DatabaseClock> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const rows = await client.query<{ def: string }>(
    `SELECT pg_get_functiondef('pm_append_batch(text[],boolean)'::regprocedure) AS def`,
  );
  const def = rows.rows[0]?.def ?? '';
  if (!def.includes(REAL)) {
    await client.end();
    throw new Error('installDatabaseClock: pm_append_batch no longer reads clock_timestamp() as expected');
  }
  await client.query('CREATE TABLE IF NOT EXISTS pm_test_clock (at timestamptz NOT NULL)');
  await client.query(def.replace(REAL, FAKE));
  return {
    set: async (at) => {
      await client.query('DELETE FROM pm_test_clock');
      if (at !== null) await client.query('INSERT INTO pm_test_clock (at) VALUES ($1)', [new Date(at)]);
    },
    close: () => client.end(),
  };
}
