import type { DataSource } from 'typeorm';
import { createTestDataSource } from '../testing/test-database';
import { databaseOutageOf } from './database-unavailable';
import { TimedClient, withQueryTimeout } from './query-timeout';

describe('withQueryTimeout (real PostgreSQL, a pool of one connection)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource({
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
});
