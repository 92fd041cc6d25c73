import type { DataSource } from 'typeorm';
import { createTestDataSource } from '../testing/test-database';
import { queryAffected, queryReturning, type Queryable } from './query-returning';

describe('queryReturning (UPDATE/DELETE … RETURNING through TypeORM)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
    await ds.query('CREATE TABLE returning_probe (id integer PRIMARY KEY, n integer NOT NULL)');
  });
  afterAll(() => close());
  beforeEach(async () => {
    await ds.query('DELETE FROM returning_probe');
    await ds.query('INSERT INTO returning_probe VALUES (1, 10), (2, 20), (3, 30)');
  });

  const bump = (m: Queryable, above: number) =>
    queryReturning<{ id: number; n: number }>(
      m,
      'UPDATE returning_probe SET n = n + 1 WHERE n > $1 RETURNING id, n',
      [above],
    );
  const drop = (m: Queryable, above: number) =>
    queryReturning<{ id: number }>(m, 'DELETE FROM returning_probe WHERE n > $1 RETURNING id', [above]);
  const byId = <R extends { id: number }>(rows: R[]) => [...rows].sort((a, b) => a.id - b.id);
  const left = async () =>
    (await ds.query<{ id: number; n: number }[]>('SELECT id, n FROM returning_probe ORDER BY id')).map(
      (r) => [r.id, r.n],
    );

  it('gives [] when nothing matched, where query gives TypeORM’s [rows, affected], never empty', async () => {
    expect(await ds.query('UPDATE returning_probe SET n = n WHERE n > 99 RETURNING id')).toEqual([[], 0]);
    expect(await bump(ds, 99)).toEqual([]);
    expect(await drop(ds, 99)).toEqual([]);
    expect(await left()).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
  });

  it('gives the rows an UPDATE and a DELETE returned, on a DataSource', async () => {
    expect(byId(await bump(ds, 15))).toEqual([
      { id: 2, n: 21 },
      { id: 3, n: 31 },
    ]);
    expect(await drop(ds, 30)).toEqual([{ id: 3 }]);
    expect(await left()).toEqual([
      [1, 10],
      [2, 21],
    ]);
  });

  it('does the same inside a transaction’s manager (committed with it)', async () => {
    const seen = await ds.transaction(async (tx) => ({
      noneUpdated: await bump(tx, 99),
      noneDeleted: await drop(tx, 99),
      updated: byId(await bump(tx, 25)),
      deleted: byId(await drop(tx, 15)),
    }));
    expect(seen).toEqual({
      noneUpdated: [],
      noneDeleted: [],
      updated: [{ id: 3, n: 31 }],
      deleted: [{ id: 2 }, { id: 3 }],
    });
    expect(await left()).toEqual([[1, 10]]);
  });

  it('gives the rows of a statement TypeORM answers with rows as they are (an INSERT, a WITH … SELECT)', async () => {
    expect(
      await queryReturning(ds, 'INSERT INTO returning_probe VALUES (4, 40), (5, 50) RETURNING id'),
    ).toEqual([{ id: 4 }, { id: 5 }]);
    const sql =
      'WITH d AS (DELETE FROM returning_probe WHERE n > $1 RETURNING id) SELECT id FROM d ORDER BY id';
    expect(await queryReturning(ds, sql, [35])).toEqual([{ id: 4 }, { id: 5 }]);
    expect(await queryReturning(ds, sql, [35])).toEqual([]);
  });

  describe('queryAffected (UPDATE/DELETE without RETURNING)', () => {
    const bumpAll = (m: Queryable, above: number) =>
      queryAffected(m, 'UPDATE returning_probe SET n = n + 1 WHERE n > $1', [above]);
    const dropAll = (m: Queryable, above: number) =>
      queryAffected(m, 'DELETE FROM returning_probe WHERE n > $1', [above]);

    it('gives how many rows an UPDATE and a DELETE touched, 0 when none matched', async () => {
      expect(await bumpAll(ds, 99)).toBe(0);
      expect(await dropAll(ds, 99)).toBe(0);
      expect(await bumpAll(ds, 15)).toBe(2);
      expect(await dropAll(ds, 30)).toBe(1);
      expect(await left()).toEqual([
        [1, 10],
        [2, 21],
      ]);
    });

    it('does the same inside a transaction’s manager, and counts a DELETE … RETURNING too', async () => {
      const seen = await ds.transaction(async (tx) => [
        await bumpAll(tx, 99),
        await bumpAll(tx, 25),
        await queryAffected(tx, 'DELETE FROM returning_probe WHERE n > $1 RETURNING id', [15]),
      ]);
      expect(seen).toEqual([0, 1, 2]);
      expect(await left()).toEqual([[1, 10]]);
    });

    it('refuses a statement answered with rows, which carry no count (an INSERT, a SELECT)', async () => {
      await expect(queryAffected(ds, 'INSERT INTO returning_probe VALUES (4, 40)')).rejects.toThrow(
        /not the answer to an UPDATE or a DELETE/,
      );
      await expect(queryAffected(ds, 'SELECT id, n FROM returning_probe')).rejects.toThrow(
        /not the answer to an UPDATE or a DELETE/,
      );
    });
  });
});
