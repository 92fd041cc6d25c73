import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@app/platform/testing';
import { seededTemplate } from './seeded-service';
import type { TestApp } from './test-app';

/** A copy of the run's seeded template: the seed plan imported and projected (`seededTemplate`). */
export async function seededDatabase(): Promise<TestDatabase> {
  return createTestDatabase(undefined, { template: await seededTemplate() });
}

export async function connect(url: string): Promise<Client> {
  const c = new Client({ connectionString: url });
  await c.connect();
  return c;
}

export const readiness = async (t: TestApp) =>
  (await t.request('GET', '/health/ready', { token: null })).body;

/** The seed's milestones, as a user's list shows them. */
export async function expectTheBoard(t: TestApp): Promise<void> {
  const page = await t.request('GET', '/api/v1/milestones?pageSize=5');
  expect(page.status).toBe(200);
  expect(page.body.total).toBeGreaterThan(100);
}

/** How many of the service's sessions read the board's rows and wait for a lock (`watcher` outside any transaction). */
export async function boardReadsWaiting(watcher: Client, db: TestDatabase): Promise<number> {
  const r = await watcher.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = $1 AND usename = $2 AND wait_event_type = 'Lock' AND query LIKE 'SELECT milestone_id%'`,
    [db.name, `${db.name}_app`],
  );
  return r.rows[0]!.n;
}
