import type { DataSource } from 'typeorm';
import { ConsumerRunner, PostgresEventStore } from '@app/event-store';
import { FixedClock, loadConfig } from '@app/platform';
import { createTestDataSource, migrationNamed } from '@app/platform/testing';
import { PlanCatalogQueries } from '@app/plans';
import { appendInterleaved, randomMilestoneStream, seededRandom } from '../testing';
import { BoardMemory } from '../queries/board-memory';
import { MilestoneBoardQueries } from '../queries/milestone-board.queries';
import { MilestoneStatsQueries, STATS_DIMENSIONS } from '../queries/milestone-stats.queries';
import { ReadModelReferenceData } from '../queries/reference-data';
import { ReadSnapshot } from '../queries/read-snapshot';
import { MilestoneBoardProjection } from './milestone-board.projection';
import { ReadModelContext } from './read-model-context';
import { COMPACT_AT } from './version-segments';

const ReadModelsVersionSegments1764801510000 = migrationNamed('ReadModelsVersionSegments1764801510000');

const config = { ...loadConfig({ HOLIDAYS: '2021-10-01,2021-10-04,2022-10-03' }), consumerBatchSize: 2000 };

/** Each assignment's pack as PostgreSQL concatenates its segments. */
const PACKS = `SELECT milestone_id, assignment, encode(string_agg(pack, ''::bytea ORDER BY position), 'hex') AS pack
  FROM rm_version_segments GROUP BY milestone_id, assignment ORDER BY milestone_id, assignment`;

describe('version segments: append-only packs, compacted (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let store: PostgresEventStore;
  let runner: ConsumerRunner;
  let context: ReadModelContext;

  beforeAll(async () => {
    const t = await createTestDataSource();
    ds = t.dataSource;
    close = t.close;
    store = new PostgresEventStore(ds);
    runner = new ConsumerRunner(ds, t.db.url, config);
    context = new ReadModelContext(config, new FixedClock('2022-03-15T04:00:00Z'));
    runner.register(new MilestoneBoardProjection(runner, context));
  }, 60_000);

  afterAll(async () => {
    await runner.onApplicationShutdown();
    await close();
  });

  /** long-2: its first 20 events in the first test, the others after the migration's down and up. */
  const short = randomMilestoneStream(seededRandom(99), { milestoneId: 'long-2', events: 60 }).map(
    (e) => e.event,
  );
  const newMemory = () => new BoardMemory(new ReadSnapshot(ds, runner));
  const reference = () => new ReadModelReferenceData(ds, new PlanCatalogQueries(ds));
  /** Per assignment, its pack as a reader holds it (hex), and the reader's position. */
  const packsOf = (memory: BoardMemory) =>
    memory.use((_m, position, board) =>
      Promise.resolve({
        position,
        packs: Object.fromEntries(
          board.assignments.map((a) => [`${a.milestone.id}/${a.key}`, a.pack.bytes.toString('hex')]),
        ),
        records: Object.fromEntries(
          board.assignments.map((a) => [`${a.milestone.id}/${a.key}`, a.pack.length]),
        ),
      }),
    );

  /** What a user sees through a reader: stats, a list, and each milestone's and assignment's evaluated state. */
  async function answersOf(memory: BoardMemory, knownAts: readonly string[]) {
    const stats = new MilestoneStatsQueries(context, reference(), memory);
    const lists = new MilestoneBoardQueries(context, new ReadSnapshot(ds, runner), reference(), memory);
    const out: unknown[] = [];
    for (const asOf of ['2020-06-30', '2021-03-15', '2022-01-01', '2023-12-31']) {
      for (const knownAt of [undefined, ...knownAts]) {
        const tt = { asOf, ...(knownAt === undefined ? {} : { knownAt }) };
        for (const d of STATS_DIMENSIONS) {
          const r = await stats.stats(d, tt);
          out.push([tt, d, r.groups, r.overall]);
        }
        const page = await lists.list({ ...tt, sort: 'dueDate', pageSize: '200' });
        out.push([tt, page.total, page.items.map((v) => [v.id, v.lifecycle, v.health.colour, v.percent])]);
        const parsed = lists.timeTravel(tt);
        out.push(
          await memory.use(async (_m, _p, board) => {
            const ev = await board.evaluation(parsed);
            const states = board.milestones.map((m) => [
              m.id,
              ev.lifecycleOf(m.index),
              ev.healthOf(m.index),
              ev.scheduleOf(m.index),
              m.assignments.map((a) => [a.key, ev.aLife[a.index], ev.aHealth[a.index], ev.aLate[a.index]]),
            ]);
            return states.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
          }),
        );
      }
    }
    return out;
  }

  it('after many batches on one assignment: live, incremental, left-behind and rebuilt readers answer alike', async () => {
    const rng = seededRandom(2600);
    const streams = [
      randomMilestoneStream(rng, { milestoneId: 'long-0', events: 220, openFor: 200, backdatedShare: 0.1 }),
      randomMilestoneStream(rng, { milestoneId: 'long-1', events: 160, leads: 3, backdatedShare: 0.1 }),
    ].map((s) => s.map((e) => e.event));
    streams.push(short.slice(0, 21));
    const steady = newMemory(); // brought forward after every batch
    const behind = newMemory(); // brought forward once early, then left behind over compactions
    let batches = 0;
    let behindAt = -1;
    await appendInterleaved(rng, store, 'long', streams, async () => {
      await runner.catchUp('milestone-board');
      if (++batches === 4) behindAt = (await packsOf(behind)).position;
      await packsOf(steady);
    });
    expect(batches).toBeGreaterThan(2 * COMPACT_AT);

    // Compacted: never COMPACT_AT segments; long-0's only assignment was compacted after `behind` last read.
    const [shape] = await ds.query<{ most: number; compacted_after: number; counted: boolean }[]>(
      `SELECT (SELECT max(n)::int FROM (SELECT count(*) AS n FROM rm_version_segments
                GROUP BY milestone_id, assignment) c) AS most,
              (SELECT count(*)::int FROM rm_version_segments WHERE milestone_id = 'long-0' AND starts
                AND position > $1) AS compacted_after,
              (SELECT bool_and(b.segments = (SELECT count(*) FROM rm_version_segments s
                 WHERE s.milestone_id = b.milestone_id AND s.assignment = b.assignment)) FROM rm_milestones b)
                AS counted`,
      [behindAt],
    );
    expect(shape).toEqual({ most: expect.any(Number), compacted_after: 1, counted: true });
    expect(shape!.most).toBeLessThan(COMPACT_AT);
    expect(shape!.most).toBeGreaterThan(COMPACT_AT / 4);
    await expectFirstSegmentsStart();

    // Every pack holds its assignment's timeline rows once; readers old and new hold the same packs.
    const fresh = await packsOf(newMemory());
    const timeline = await ds.query<{ k: string; n: number }[]>(
      `SELECT milestone_id || '/' || assignment AS k, count(*)::int AS n FROM rm_milestone_timeline GROUP BY 1`,
    );
    expect(fresh.records).toEqual(Object.fromEntries(timeline.map((r) => [r.k, r.n])));
    expect((await packsOf(steady)).packs).toEqual(fresh.packs);
    expect((await packsOf(behind)).packs).toEqual(fresh.packs);
    const sql = await ds.query<{ milestone_id: string; assignment: string; pack: string }[]>(PACKS);
    expect(Object.fromEntries(sql.map((r) => [`${r.milestone_id}/${r.assignment}`, r.pack]))).toEqual(
      fresh.packs,
    );

    const recorded = (await store.readAll(0, 10_000)).map((e) => e.recordedAt.toISOString());
    const knownAts = [recorded[Math.floor(recorded.length / 3)]!, recorded[Math.floor(recorded.length / 2)]!];
    const live = await answersOf(steady, knownAts);
    expect(await answersOf(newMemory(), knownAts)).toEqual(live);

    // A rebuild in pages of 50 events: a few segments per long assignment, the first of each starting.
    await runner.rebuild('milestone-board', undefined, { pageSize: 50 });
    const [rebuilt] = await ds.query<{ most: number }[]>(
      `SELECT max(n)::int AS most FROM (SELECT count(*) AS n FROM rm_version_segments GROUP BY milestone_id, assignment) c`,
      [],
    );
    expect(rebuilt!.most).toBeGreaterThan(1);
    await expectFirstSegmentsStart();
    expect((await packsOf(newMemory())).packs).toEqual(fresh.packs);
    expect((await packsOf(steady)).packs).toEqual(fresh.packs);
    expect(await answersOf(newMemory(), knownAts)).toEqual(live);
  }, 240_000);

  /** Each assignment's first segment starts its pack, and only the first. */
  async function expectFirstSegmentsStart(): Promise<void> {
    const wrong = await ds.query<unknown[]>(
      `SELECT milestone_id, assignment, position, starts FROM (
         SELECT *, row_number() OVER (PARTITION BY milestone_id, assignment ORDER BY position) AS n
           FROM rm_version_segments) s
        WHERE starts <> (n = 1)`,
    );
    expect(wrong).toEqual([]);
  }

  it('the migration keeps the packs: down puts them back on the board rows, up makes them first segments', async () => {
    const before = await ds.query<{ milestone_id: string; assignment: string; pack: string }[]>(PACKS);
    expect(before.length).toBeGreaterThanOrEqual(5);
    const loaded = await packsOf(newMemory());
    const q = ds.createQueryRunner();
    try {
      await new ReadModelsVersionSegments1764801510000().down(q);
      expect(
        await ds.query(
          `SELECT milestone_id, assignment, encode(versions, 'hex') AS pack FROM rm_milestones
            ORDER BY milestone_id, assignment`,
        ),
      ).toEqual(before);
      await new ReadModelsVersionSegments1764801510000().up(q);
    } finally {
      await q.release();
    }
    expect(await ds.query(PACKS)).toEqual(before);
    const [one] = await ds.query<{ segments: number; starting: boolean; counts: boolean }[]>(
      `SELECT (SELECT count(*)::int FROM rm_version_segments) AS segments,
              (SELECT bool_and(starts) FROM rm_version_segments) AS starting,
              (SELECT bool_and(segments = 1) FROM rm_milestones) AS counts`,
    );
    expect(one).toEqual({ segments: before.length, starting: true, counts: true });
    // A new reader loads the same packs; the projection appends to them.
    expect((await packsOf(newMemory())).packs).toEqual(loaded.packs);
    const reader = newMemory();
    await packsOf(reader);
    await appendInterleaved(seededRandom(77), store, 'long', [[], [], short.slice(21)], async () => {
      await runner.catchUp('milestone-board');
    });
    expect((await packsOf(reader)).packs).toEqual((await packsOf(newMemory())).packs);
    await expectFirstSegmentsStart();
  }, 120_000);
});
