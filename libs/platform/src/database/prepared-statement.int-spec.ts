import type { DataSource } from 'typeorm';
import { createTestDataSource } from '../testing/test-database';
import { preparedStatement, queryPrepared } from './prepared-statement';

describe('prepared statements (planned once per connection)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    // One connection: every call below runs on the same session, so its prepared statements are visible.
    ({ dataSource: ds, close } = await createTestDataSource({ extra: { max: 1 } }));
  });
  afterAll(() => close());

  const kept = async () =>
    (await ds.query<{ name: string }[]>(`SELECT name FROM pg_prepared_statements ORDER BY name`)).map(
      (r) => r.name,
    );

  it('runs with its values and keeps one prepared statement per text on the connection', async () => {
    const double = preparedStatement('SELECT $1::integer * 2 AS n');
    for (let i = 1; i <= 7; i++) {
      const rows = await queryPrepared<{ n: number }>(ds, double, [i]);
      expect(rows).toEqual([{ n: 2 * i }]);
    }
    expect(await kept()).toEqual([double.name]);
    const triple = preparedStatement('SELECT $1::integer * 3 AS n');
    expect(triple.name).not.toBe(double.name);
    expect(await queryPrepared(ds, triple, [2])).toEqual([{ n: 6 }]);
    expect(await kept()).toEqual([double.name, triple.name].sort());
  });

  it('is re-planned by PostgreSQL after the schema under it changes (a statement names its columns)', async () => {
    await ds.query('CREATE TABLE prepared_probe (n integer)');
    const read = preparedStatement('SELECT n FROM prepared_probe WHERE n > $1 ORDER BY n');
    await ds.query('INSERT INTO prepared_probe VALUES (1), (2)');
    for (let i = 0; i < 6; i++) expect(await queryPrepared(ds, read, [1])).toEqual([{ n: 2 }]);
    await ds.query(`ALTER TABLE prepared_probe ADD COLUMN label text DEFAULT '一'`);
    await ds.query('CREATE INDEX prepared_probe_n ON prepared_probe (n)');
    expect(await queryPrepared(ds, read, [0])).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("runs on an EntityManager's transaction: sees its writes and goes with its rollback", async () => {
    // Two connections: a read sent on another connection than the transaction's would not see its write.
    const two = await createTestDataSource({ extra: { max: 2 } });
    try {
      const db = two.dataSource;
      await db.query('CREATE TABLE prepared_tx_probe (n integer)');
      const read = preparedStatement('SELECT n FROM prepared_tx_probe ORDER BY n');
      const rolledBack = db.transaction(async (tx) => {
        await tx.query('INSERT INTO prepared_tx_probe VALUES (1)');
        expect(await queryPrepared(tx, read)).toEqual([{ n: 1 }]);
        throw new Error('roll back');
      });
      await expect(rolledBack).rejects.toThrow('roll back');
      // Outside any transaction (a manager without one): a pooled connection of its own.
      expect(await queryPrepared(db.manager, read)).toEqual([]);
    } finally {
      await two.close();
    }
  });

  it('gives the database error to the caller and leaves the connection usable', async () => {
    const bad = preparedStatement('SELECT 1 / $1::integer AS n');
    await expect(queryPrepared(ds, bad, [0])).rejects.toMatchObject({ code: '22012' });
    expect(await queryPrepared(ds, bad, [1])).toEqual([{ n: 1 }]);
  });
});
