import type { DataSource } from 'typeorm';
import { queryPrepared } from '@app/platform';
import { createTestDataSource } from '@app/platform/testing';
import { batchSql } from './batch-sql';
import { applyBatch, type BatchRead } from './consumer-batch';
import type { EventConsumer } from './event-consumer';

/** Shared buffers a statement touched (EXPLAIN ANALYZE, BUFFERS): what it read of the tables and indexes. */
async function buffersOf(ds: DataSource, sql: string): Promise<number> {
  const [row] = await ds.query<{ 'QUERY PLAN': [{ Plan: Record<string, number> }] }[]>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`,
  );
  const plan = row!['QUERY PLAN'][0].Plan;
  return plan['Shared Hit Blocks']! + plan['Shared Read Blocks']!;
}

const fillLog = (ds: DataSource) =>
  ds.query(`INSERT INTO events (global_position, stream_id, stream_version, event_id, type, data, metadata,
                                recorded_at, prev_hash, hash)
    SELECT g, 'milestone-' || (g % 1000), g / 1000 + 1, gen_random_uuid(),
           CASE WHEN g % 5000 = 0 THEN 'PlanImported' ELSE 'ProgressReported' END,
           '{"percent": 1}', '{}', now(), repeat('0', 64), repeat('0', 64)
      FROM generate_series(1, 50000) g`);

/**
 * A consumer at the head peeks (one statement) after every quiet wake and poll: the peek must cost the same at
 * 50,000 events as at 50, whatever types the consumer reads (none given, common ones, rare ones). A peek once
 * planned as a scan of the whole log (an EXISTS drops its ORDER BY): ~1,700 buffers here, seconds at 10M events.
 */
describe('consumer peek at the head of a large log (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
    await fillLog(ds);
    await ds.query('ANALYZE events');
  }, 120_000);
  afterAll(() => close());

  it.each([
    ['every type', undefined, true],
    ['a common type', ['ProgressReported', 'ProgressRevised'], true],
    ['rare types, none after the checkpoint', ['PlanRevised', 'UnitRenamed'], false],
  ])('reads a few index pages for a consumer of %s', async (_, types, pending) => {
    const name = `peek-${types?.[0] ?? 'all'}`;
    await ds.query('INSERT INTO consumer_checkpoints (name, position) VALUES ($1, 49990)', [name]);
    const peek = batchSql(name, 500, types).peek;

    expect(await buffersOf(ds, peek.text)).toBeLessThan(60);
    await ds.query('UPDATE consumer_checkpoints SET position = 49990 WHERE name = $1', [name]);
    const [peeked] = await queryPrepared<{
      checkpoint: string;
      moves: number;
      pending: boolean;
      advanced: string | null;
      commit_mode: string;
    }>(ds, peek);
    // Its own commit does not wait for the WAL flush (a lost move is made again by the next peek).
    expect(peeked).toEqual({
      checkpoint: '49990',
      moves: 0,
      pending,
      advanced: pending ? null : '50000',
      commit_mode: 'off',
    });
  });
});

/**
 * The peek is a prepared statement: a connection plans it once, maybe while the log is still empty (a fresh
 * service). That plan must still probe the index when the log has grown, before any ANALYZE.
 */
describe('a consumer peek prepared on an empty log (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource({ extra: { max: 1 } })); // one session
  });
  afterAll(() => close());

  it('still reads a few index pages at 50,000 events, for consumers of every, common and rare types', async () => {
    const kinds = [undefined, ['ProgressReported', 'ProgressRevised'], ['PlanRevised', 'UnitRenamed']];
    for (const [i, types] of kinds.entries()) {
      await ds.query('INSERT INTO consumer_checkpoints (name, position) VALUES ($1, 0)', [`early-${i}`]);
      await ds.query(`PREPARE early_${i} AS ${batchSql(`early-${i}`, 500, types).peek.text}`);
      await ds.query(`EXECUTE early_${i}`); // planned now, on the empty log
    }
    await fillLog(ds);
    await ds.query(`UPDATE consumer_checkpoints SET position = 49990 WHERE name LIKE 'early-%'`);
    for (const i of kinds.keys()) expect(await buffersOf(ds, `EXECUTE early_${i}`)).toBeLessThan(60);
  });
});

/**
 * The locking read is SQL-prepared once per connection (`BatchSql.prepare`), maybe while the log is still empty (a
 * fresh service), and without parameters: its one plan is kept until PostgreSQL invalidates it, which the ANALYZE
 * autovacuum runs on a grown table does. Re-planned then, it must read its batch through the index at 50,000
 * events, for consumers of every, common and rare types. (Before that ANALYZE, a consumer of every type kept the
 * empty log's plan while its read was bounded below alone: a sequential scan of the whole log and a sort, 1,674
 * buffers here; typed consumers keep the (type, global_position) index. Its batches prepare it again once the log
 * has grown: the next describe.)
 */
describe('a consumer locking read prepared on an empty log (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource({ extra: { max: 1 } })); // one session
  });
  afterAll(() => close());

  it('reads a few index pages at 50,000 events, at the head and far behind it, once the log is analysed', async () => {
    // At the head (10 pending) and far behind it (a batch of 500 of the 50,000 events, in log order).
    const kinds = [
      { types: undefined, pending: { 49990: 10, 0: 500 } },
      { types: ['ProgressReported', 'ProgressRevised'], pending: { 49990: 9, 0: 500 } }, // 50,000: a PlanImported
      { types: ['PlanRevised', 'UnitRenamed'], pending: { 49990: 0, 0: 0 } },
    ];
    const locks: string[] = [];
    for (const [i, { types }] of kinds.entries()) {
      const sql = batchSql(`locking-${i}`, 500, types);
      const [name, prepare] = [...sql.prepare].find(([n]) => sql.beginAndLock.endsWith(n))!;
      await ds.query(prepare);
      await ds.query(`EXECUTE ${name}`); // planned now, on the empty log (and its checkpoint created)
      locks.push(name);
    }
    await fillLog(ds);
    await ds.query('ANALYZE events');
    for (const checkpoint of [49990, 0] as const) {
      await ds.query(`UPDATE consumer_checkpoints SET position = $1 WHERE name LIKE 'locking-%'`, [
        checkpoint,
      ]);
      for (const [i, name] of locks.entries()) {
        expect(await buffersOf(ds, `EXECUTE ${name}`)).toBeLessThan(60);
        const rows = await ds.query<{ checkpoint: string; head: string; global_position: string | null }[]>(
          `EXECUTE ${name}`,
        );
        const events = rows.filter((r) => r.global_position !== null).map((r) => Number(r.global_position));
        expect({ checkpoint: rows[0]!.checkpoint, head: rows[0]!.head, events: events.length }).toEqual({
          checkpoint: String(checkpoint),
          head: '50000',
          events: kinds[i]!.pending[checkpoint],
        });
        expect(events).toEqual([...events].sort((x, y) => x - y));
        if (events.length > 0) expect(events[0]).toBeGreaterThan(checkpoint);
      }
    }
  });
});

/**
 * The same read through a consumer's batches (`applyBatch`): prepared by its first batch on an empty log, it is
 * prepared again by the batch that sees the log grown (here to 50,000 events, with no ANALYZE: autovacuum is off for
 * the table), and its next batches read through the index. That re-plan was what fixed the read bounded below alone
 * (its old form): the empty log's plan scanned and sorted the whole log on every batch until autovacuum analysed it.
 * The range read's plan made at 0 events already reads through the index (checked before the re-plan); a typed
 * consumer's read of common types keeps the (type, global_position) index and a sort of every event of its types
 * after the checkpoint, re-planned or not, until an ANALYZE (EXPLAIN, 2026-12-07: 1,978 buffers from 0, 11 at the
 * head, both ways).
 */
describe('a consumer whose read was prepared on an empty log, once the log grew (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource({ extra: { max: 1 } })); // one session
    await ds.query('ALTER TABLE events SET (autovacuum_enabled = false)');
  });
  afterAll(() => close());

  it('reads its batches through the index without waiting for an ANALYZE', async () => {
    const consumer: EventConsumer = { name: 'replanned', handle: async () => undefined };
    expect((await applyBatch(ds, consumer, 500, true)).count).toBe(0); // prepared on the empty log
    await fillLog(ds);
    const { lockName } = batchSql(consumer.name, 500, undefined);
    // Before the batch that prepares it again: the plan made at 0 events reads its range through the index too.
    await ds.query(`UPDATE consumer_checkpoints SET position = 49990 WHERE name = 'replanned'`);
    expect(await buffersOf(ds, `EXECUTE ${lockName}`)).toBeLessThan(60);
    await ds.query(`UPDATE consumer_checkpoints SET position = 0 WHERE name = 'replanned'`);
    expect(await applyBatch(ds, consumer, 500, true)).toMatchObject({ count: 500, position: 500 });
    expect(await applyBatch(ds, consumer, 500, true)).toMatchObject({ count: 500, position: 1000 });
    expect(await buffersOf(ds, `EXECUTE ${lockName}`)).toBeLessThan(60);
  });
});

/**
 * A log of a few thousand events (a young service) stays below the growth that prepares the read again
 * (`grewTooMuch`): the plan made on its first few hundred events, before any ANALYZE, is kept. A consumer of every
 * type with a large limit (the milestone board's 2,000) must still read its batch at the head through the index.
 * Bounded below alone, the read was planned as a scan and sort of the whole log: 507 buffers here, per batch.
 */
describe('a consumer of every type whose read was planned on a young log (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource({ extra: { max: 1 } })); // one session
    await ds.query('ALTER TABLE events SET (autovacuum_enabled = false)');
  });
  afterAll(() => close());

  it('reads a few index pages at the head of 5,000 events with a plan made at 300', async () => {
    const consumer: EventConsumer = { name: 'young-log', handle: async () => undefined };
    const append = (from: number, to: number) =>
      ds.query(`INSERT INTO events (global_position, stream_id, stream_version, event_id, type, data, metadata,
                                    recorded_at, prev_hash, hash)
        SELECT g, 'milestone-' || g, 1, gen_random_uuid(), 'ProgressReported', jsonb_build_object('narrative', repeat('x', 500)), '{}', now(),
               repeat('0', 64), repeat('0', 64)
          FROM generate_series(${from}, ${to}) g`);
    await append(1, 300); // not analysed yet (autovacuum is off for the table): a fresh service
    expect(await applyBatch(ds, consumer, 2000, true)).toMatchObject({ count: 300, position: 300 });
    await append(301, 5000);
    await ds.query(`UPDATE consumer_checkpoints SET position = 4990 WHERE name = 'young-log'`);
    const { lockName } = batchSql(consumer.name, 2000, undefined);
    expect(await buffersOf(ds, `EXECUTE ${lockName}`)).toBeLessThan(60);
    expect(await applyBatch(ds, consumer, 2000, true)).toMatchObject({ count: 10, position: 5000 });
    // Far behind, a full batch: the next 2,000 positions, in order.
    await ds.query(`UPDATE consumer_checkpoints SET position = 1000 WHERE name = 'young-log'`);
    const read: BatchRead = { events: [] };
    expect(await applyBatch(ds, consumer, 2000, true, read)).toMatchObject({ count: 2000, position: 3000 });
    expect(read.events.map((e) => e.position)).toEqual(Array.from({ length: 2000 }, (_, i) => 1001 + i));
  });
});
