import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createTestDataSource, type TestDatabase } from '../testing/test-database';
import { databaseOutageOf } from './database-unavailable';
import { boundStatementsByDefault, TimedClient, withQueryTimeout } from './query-timeout';

describe('withQueryTimeout (real PostgreSQL, a pool of one connection)', () => {
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

  it('a statement past its bound fails as a timeout, and the next request gets a sound connection', async () => {
    const started = Date.now();
    const error = await withQueryTimeout(200, () => ds.query('SELECT pg_sleep(3)')).catch((e: unknown) => e);
    expect(databaseOutageOf(error)).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2500);
    // At once, on the only connection the pool may hold: never the dropped one ("Connection terminated").
    await expect(withQueryTimeout(2000, () => ds.query('SELECT 1 AS one'))).resolves.toEqual([{ one: 1 }]);
    await expect(ds.query('SELECT 2 AS two')).resolves.toEqual([{ two: 2 }]);
  });

  it('a transaction whose statement timed out ends, and its connection is not reused', async () => {
    const error = await withQueryTimeout(200, () =>
      ds.transaction(async (m) => {
        await m.query('SELECT 1');
        await m.query('SELECT pg_sleep(3)');
      }),
    ).catch((e: unknown) => e);
    expect(databaseOutageOf(error)).toBe('timeout');
    await expect(ds.query('SELECT 3 AS three')).resolves.toEqual([{ three: 3 }]);
  });

  it('a statement that timed out waiting on a row lock is cancelled on the server: it never runs', async () => {
    await ds.query('CREATE TABLE timeout_probe (id int PRIMARY KEY, v text NOT NULL)');
    await ds.query(`INSERT INTO timeout_probe VALUES (1, 'before')`);
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT v FROM timeout_probe WHERE id = 1 FOR UPDATE');
      const error = await withQueryTimeout(300, () =>
        ds.query(`UPDATE timeout_probe SET v = 'timed out' WHERE id = 1`),
      ).catch((e: unknown) => e);
      expect(databaseOutageOf(error)).toBe('timeout');

      // Its backend stops waiting on the lock (and ends: its client is gone), well before the lock is free.
      const backends = async (): Promise<unknown[]> =>
        ds.query(
          `SELECT pid, state, wait_event_type FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'UPDATE timeout_probe%'`,
        );
      const until = Date.now() + 2000;
      let left = await backends();
      while (left.length > 0 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 50));
        left = await backends();
      }
      expect(left).toEqual([]);

      await holder.query('COMMIT');
      await new Promise((r) => setTimeout(r, 200));
      await expect(ds.query('SELECT v FROM timeout_probe WHERE id = 1')).resolves.toEqual([{ v: 'before' }]);
    } finally {
      await holder.end();
    }
  });

  it('a statement cut off by its scope cancel fails at once, is cancelled on the server, and its connection dropped', async () => {
    await ds.query('CREATE TABLE cancel_probe (id int PRIMARY KEY)');
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    // (not the holder: in a transaction, pg_stat_activity is read once)
    const watcher = new Client({ connectionString: db.url });
    await watcher.connect();
    const waiting = async (): Promise<number> =>
      (
        await watcher.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND query LIKE 'SELECT count(*) FROM cancel_probe%'`,
        )
      ).rows[0]!.n;
    const settle = async (want: number): Promise<number> => {
      const until = Date.now() + 5000;
      let n = await waiting();
      while (n !== want && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 50));
        n = await waiting();
      }
      return n;
    };
    try {
      // The table locked: the statement waits (a bound of a minute: only the cancel ends it).
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE cancel_probe IN ACCESS EXCLUSIVE MODE');
      const stop = new AbortController();
      const outcome = withQueryTimeout(
        60_000,
        () => ds.transaction(async (m) => m.query('SELECT count(*) FROM cancel_probe')),
        stop.signal,
      ).catch((e: unknown) => e);
      expect(await settle(1)).toBe(1);
      stop.abort();
      const error = await outcome;
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe('Query cancelled');
      // Its backend stopped waiting while the lock is still held; the pool's only connection is a sound one.
      expect(await settle(0)).toBe(0);
      await expect(ds.query('SELECT 4 AS four')).resolves.toEqual([{ four: 4 }]);
      // Once cancelled, the scope's statements are not sent.
      const after = await withQueryTimeout(60_000, () => ds.query('SELECT 5 AS five'), stop.signal).catch(
        (e: unknown) => e,
      );
      expect((after as Error).message).toBe('Query cancelled');
      await holder.query('COMMIT');
    } finally {
      await holder.end();
      await watcher.end();
    }
  });

  it('with a default bound (the API process), a statement outside any scope has it; a background scope has its own', async () => {
    boundStatementsByDefault(200);
    try {
      const started = Date.now();
      const error = await ds.query('SELECT pg_sleep(3)').catch((e: unknown) => e);
      expect(databaseOutageOf(error)).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(2500);
      // Background work (the migrations, a sweep, the warm-up's load): not cut by the requests' bound.
      await expect(withQueryTimeout(0, () => ds.query('SELECT pg_sleep(0.5), 6 AS six'))).resolves.toEqual([
        { pg_sleep: '', six: 6 },
      ]);
    } finally {
      boundStatementsByDefault(0);
    }
  });
});
