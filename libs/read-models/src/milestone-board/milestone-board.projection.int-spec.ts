import type { DataSource, EntityManager } from 'typeorm';
import { ConsumerRunner, PostgresEventStore, type EventConsumer, type RecordedEvent } from '@app/event-store';
import { FixedClock, loadConfig } from '@app/platform';
import { createTestDataSource } from '@app/platform/testing';
import { PlanCatalogQueries } from '@app/plans';
import { appendInterleaved, randomMilestoneStreams, seededRandom } from '../testing';
import { BoardMemory } from '../queries/board-memory';
import { MilestoneStatsQueries, STATS_DIMENSIONS } from '../queries/milestone-stats.queries';
import { ReadModelReferenceData } from '../queries/reference-data';
import { ReadSnapshot } from '../queries/read-snapshot';
import { copyBoardTables, expectBoardTablesAs } from '../testing/board-tables';
import { MilestoneBoardProjection } from './milestone-board.projection';
import { ReadModelContext } from './read-model-context';

const config = { ...loadConfig({ HOLIDAYS: '2021-10-01,2021-10-04,2022-10-03' }), consumerBatchSize: 2000 };

describe('milestone-board projection (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let store: PostgresEventStore;
  let runner: ConsumerRunner;
  let projection: MilestoneBoardProjection;
  const rng = seededRandom(5000);
  const later = new ReadModelContext(config, new FixedClock('2025-06-30T04:00:00Z'));

  beforeAll(async () => {
    const t = await createTestDataSource();
    ds = t.dataSource;
    close = t.close;
    store = new PostgresEventStore(ds);
    runner = new ConsumerRunner(ds, t.db.url, config);
    projection = new MilestoneBoardProjection(
      runner,
      new ReadModelContext(config, new FixedClock('2022-03-15T04:00:00Z')),
    );
    runner.register(projection);
  }, 60_000);

  afterAll(async () => {
    await runner.onApplicationShutdown();
    await close();
  });

  const statsOf = (memory: BoardMemory) =>
    new MilestoneStatsQueries(later, new ReadModelReferenceData(ds, new PlanCatalogQueries(ds)), memory);
  const newMemory = () => new BoardMemory(new ReadSnapshot(ds, runner));
  const body = (r: { groups: unknown; overall: unknown }) => ({ groups: r.groups, overall: r.overall });

  /** Fails after applying the first `applied` events of its batch (nothing of it may remain). */
  const crashing = (applied: number | 'all'): EventConsumer => ({
    name: projection.name,
    handle: async (events: readonly RecordedEvent[], tx: EntityManager) => {
      await projection.handle(applied === 'all' ? events : events.slice(0, applied), tx);
      await projection.settle();
      throw new Error('simulated crash in the middle of a batch');
    },
  });

  it('has the same tables after a rebuild as live, with small batches and crashes mid-batch (≥ 5,000 events, 分别牵头 too)', async () => {
    // ~300 milestones with random streams, one in four led separately by 2–7 units; appended interleaved.
    const streams = randomMilestoneStreams(rng, { prefix: 'r', events: 5100, perStream: 18 });
    // A query process that keeps its evaluations as of a past date (and as known at an instant) all along.
    const live = newMemory();
    const times = [{ asOf: '2021-06-30' }, { asOf: '2022-01-01', knownAt: '2024-01-01T00:00:00Z' }];
    let crashes = 0;
    const appended = await appendInterleaved(rng, store, 'r', streams, async () => {
      // The live consumer: batches of random size, now and then a crash half-way (or after everything).
      const r = rng();
      if (r < 0.15) {
        await expect(
          runner.processBatch(crashing(r < 0.05 ? 'all' : Math.floor(rng() * 40)), 80),
        ).rejects.toThrow('simulated crash');
        crashes++;
      }
      await runner.processBatch(projection, 1 + Math.floor(rng() * 150));
      if (rng() < 0.2) for (const t of times) await statsOf(live).stats('years', t);
    });
    while ((await runner.processBatch(projection, 97)) > 0);
    expect(appended).toBeGreaterThanOrEqual(5000);
    expect(crashes).toBeGreaterThan(3);

    // Evaluations brought forward event by event equal evaluations made afresh.
    for (const t of times) {
      for (const d of STATS_DIMENSIONS) {
        expect(body(await statsOf(live).stats(d, t))).toEqual(body(await statsOf(newMemory()).stats(d, t)));
      }
    }

    const [counts] = await ds.query<{ backdated: number; shares: number; milestones: number }[]>(
      `SELECT (SELECT count(*)::int FROM rm_milestone_timeline WHERE backdated) AS backdated,
              (SELECT count(*)::int FROM rm_milestones) AS shares,
              (SELECT count(DISTINCT milestone_id)::int FROM rm_milestones) AS milestones`,
    );
    expect(counts!.backdated).toBeGreaterThan(50);
    expect(counts!.milestones).toBe(streams.length);
    expect(counts!.shares).toBeGreaterThan(streams.length + 100);
    await copyBoardTables(ds, 'live');

    await runner.reset(projection.name);
    const [empty] = await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM rm_milestones');
    expect(empty!.n).toBe(0);
    await runner.catchUp(projection.name);
    await expectTablesAsLive('reset + catch-up in log order');

    // The CLI's rebuild: stream by stream, in one transaction. Interrupted half-way, it changes nothing, and
    // readers see the old rows while it runs.
    const checkpoint = await runner.checkpoint(projection.name);
    const handle = projection.handle.bind(projection);
    let pages = 0;
    let seenByReader = -1;
    const spy = jest.spyOn(projection, 'handle').mockImplementation(async (events, tx) => {
      await handle(events, tx);
      if (++pages === 3) {
        const [r] = await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM rm_milestones');
        seenByReader = r!.n;
        throw new Error('simulated crash in the middle of a rebuild');
      }
    });
    try {
      await expect(runner.rebuild(projection.name, undefined, { pageSize: 700 })).rejects.toThrow(
        'simulated crash',
      );
    } finally {
      spy.mockRestore();
    }
    expect(seenByReader).toBe(counts!.shares);
    await expectTablesAsLive('after an interrupted rebuild');
    const progress: [number, number][] = [];
    // Pages of 700 events: streams of ~20 events span pages now and then.
    const rebuilt = await runner.rebuild(projection.name, (done, total) => progress.push([done, total]), {
      pageSize: 700,
    });
    expect(rebuilt).toEqual({ events: appended, position: checkpoint, mode: 'stream' });
    expect(progress.at(-1)).toEqual([appended, appended]);
    expect(progress.length).toBeGreaterThan(7);
    await expectTablesAsLive('rebuilt stream by stream');
    const [meta] = await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM rm_board_meta');
    expect(meta!.n).toBe(1);
  }, 300_000);

  /** Every table of the projection equals the copy taken from the live consumer (`expectBoardTablesAs`). */
  const expectTablesAsLive = (when: string) => expectBoardTablesAs(ds, 'live', when);

  it('serves a rebuild at once, even when it rewrote rows at positions the query process had already read', async () => {
    const memory = newMemory();
    const everything = { asOf: '2025-06-30', knownAt: '2100-01-01T00:00:00Z' };
    const truth = await statsOf(newMemory()).stats('years', everything);
    expect(truth.overall.total).toBeGreaterThan(250);
    // Rows as an older version of the projection might have left them: same positions, other content.
    await ds.query(`UPDATE rm_version_segments SET pack = ''::bytea`);
    const stale = await statsOf(memory).stats('years', {});
    expect(stale.overall.total).toBe(0);

    await runner.rebuild(projection.name);
    const fresh = await statsOf(memory).stats('years', {});
    expect(fresh.position).toBe(stale.position);
    expect(body(fresh)).toEqual(body(truth));
    expect(body(await statsOf(memory).stats('years', everything))).toEqual(body(truth));
  }, 120_000);
});
