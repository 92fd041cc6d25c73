import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { BoardWarmUp } from '@app/read-models';
import { createTestDatabase, type TestDatabase } from '@app/platform/testing';
import { seededTemplate } from './support/seeded-service';
import { waitFor } from './support/service-process';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(180_000);

/*
 * A query process loads the board into memory as it starts (`BoardWarmUp`), and readiness waits for it: an instance
 * behind a load balancer is not sent questions it would answer only after the whole board is read. Each test starts a
 * query process (PROCESS_ROLE=api) on a seeded database and holds its load in PostgreSQL.
 */

/** A copy of the run's seeded template: the seed plan imported and projected (`seededTemplate`). */
async function seededDatabase(): Promise<TestDatabase> {
  return createTestDatabase(undefined, { template: await seededTemplate() });
}

async function connect(url: string): Promise<Client> {
  const c = new Client({ connectionString: url });
  await c.connect();
  return c;
}

const readiness = async (t: TestApp) => (await t.request('GET', '/health/ready', { token: null })).body;

/** The seed's milestones, as a user's list shows them. */
async function expectTheBoard(t: TestApp): Promise<void> {
  const page = await t.request('GET', '/api/v1/milestones?pageSize=5');
  expect(page.status).toBe(200);
  expect(page.body.total).toBeGreaterThan(100);
}

describe('the board loaded into memory as a query process starts', () => {
  it('is loading by itself before any question, and readiness says so until it is in memory', async () => {
    const db = await seededDatabase();
    const owner = await connect(db.url);
    const watcher = await connect(db.url);
    let t: TestApp | undefined;
    try {
      // Nobody may read the board until the owner's transaction ends: the load waits for that lock.
      await owner.query('BEGIN');
      await owner.query('LOCK TABLE rm_milestones IN ACCESS EXCLUSIVE MODE');
      t = await startTestApp({ PROCESS_ROLE: 'api' }, { database: db, startConsumers: false });
      const app = t;
      await waitFor(
        async () => {
          const r = await watcher.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = $1 AND usename = $2 AND wait_event_type = 'Lock' AND query LIKE 'SELECT milestone_id%'`,
            [db.name, `${db.name}_app`],
          );
          return r.rows[0]!.n === 1;
        },
        30_000,
        'the board being read before any question, waiting for the lock',
      );
      expect((await app.request('GET', '/health/live', { token: null })).status).toBe(200);
      const notYet = await app.request('GET', '/health/ready', { token: null });
      expect(notYet.status).toBe(503);
      expect(Number(notYet.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(notYet.body).toEqual({ status: 'not_ready', database: 'up', reason: 'board_loading' });

      await owner.query('COMMIT');
      await waitFor(
        async () => (await readiness(app)).status === 'ready',
        30_000,
        'ready once the board is loaded',
      );
      await expectTheBoard(app);
    } finally {
      await owner.end();
      await watcher.end();
      await t?.close();
      await db.drop();
    }
  });

  it('a load that fails is logged once, tried again, and readiness recovers without a restart', async () => {
    const db = await seededDatabase();
    const owner = await connect(db.url);
    const warn = jest.spyOn(Logger.prototype, 'warn');
    let t: TestApp | undefined;
    try {
      // (Not a REVOKE: every start grants the application role its privileges again, after the migrations.)
      await owner.query('ALTER TABLE rm_milestones RENAME TO rm_milestones_away');
      t = await startTestApp({ PROCESS_ROLE: 'api' }, { database: db, startConsumers: false });
      const app = t;
      const warmUp = app.app.get(BoardWarmUp);
      await waitFor(async () => warmUp.failedAttempts >= 3, 30_000, 'three failed loads');
      expect((await app.request('GET', '/health/live', { token: null })).status).toBe(200);
      expect(await readiness(app)).toEqual({ status: 'not_ready', database: 'up', reason: 'board_loading' });
      const logged = warn.mock.calls
        .map((c) => String(c[0]))
        .filter((m) => /loading the board failed/.test(m));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatch(/relation "rm_milestones" does not exist/);
      expect(logged[0]).not.toContain(new URL(db.appUrl).password);

      await owner.query('ALTER TABLE rm_milestones_away RENAME TO rm_milestones');
      await waitFor(
        async () => (await readiness(app)).status === 'ready',
        60_000,
        'ready once a load succeeds',
      );
      expect(warmUp.failedAttempts).toBe(0);
      await expectTheBoard(app);
    } finally {
      warn.mockRestore();
      await owner.end();
      await t?.close();
      await db.drop();
    }
  });
});
