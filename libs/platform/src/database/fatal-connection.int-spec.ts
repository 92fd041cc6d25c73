import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createTestDataSource, type TestDatabase } from '../testing/test-database';
import { TimedClient, withQueryTimeout } from './query-timeout';

/**
 * A backend ended by the server (a restart, `pg_terminate_backend`, a failover) answers its running statement with
 * a FATAL error and then closes the socket. A caller queued for the pool must not get that connection meanwhile.
 */
describe('a connection the server ended (real PostgreSQL, a pool of one connection)', () => {
  let ds: DataSource;
  let db: TestDatabase;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({
      dataSource: ds,
      db,
      close,
    } = await createTestDataSource({
      extra: { max: 1, connectionTimeoutMillis: 5000, Client: TimedClient },
    }));
  });
  afterAll(() => close());

  it.each([
    ['outside a request (no bound)', undefined],
    ['inside a request', 5000],
  ])('%s: the statement fails, and the caller queued behind it gets a sound connection', async (_, ms) => {
    const scoped = <T>(fn: () => Promise<T>) => (ms ? withQueryTimeout(ms, fn) : fn());
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    try {
      const running = scoped(() => ds.query('SELECT pg_sleep(30)')).catch((e: unknown) => e);
      const queued = scoped(() => ds.query('SELECT 1 AS one')); // waits for the pool's only connection
      let pid: number | undefined;
      for (const deadline = Date.now() + 30_000; pid === undefined && Date.now() < deadline;) {
        const { rows } = await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'`,
        );
        pid = rows[0]?.pid;
        if (pid === undefined) await new Promise((r) => setTimeout(r, 20));
      }
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      expect(await running).toMatchObject({ driverError: { severity: 'FATAL', code: '57P01' } });
      await expect(queued).resolves.toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
    }
  });
});
