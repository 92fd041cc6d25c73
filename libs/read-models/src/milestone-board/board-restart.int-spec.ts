import type { DataSource } from 'typeorm';
import { ConsumerRunner, PostgresEventStore } from '@app/event-store';
import { FixedClock, loadConfig } from '@app/platform';
import { createTestDataSource } from '@app/platform/testing';
import { PlanCatalogQueries } from '@app/plans';
import { appendInterleaved, randomMilestoneStreams, seededRandom } from '../testing';
import { copyBoardTables, expectBoardTablesAs } from '../testing/board-tables';
import { BoardMemory } from '../queries/board-memory';
import { MilestoneStatsQueries, STATS_DIMENSIONS } from '../queries/milestone-stats.queries';
import { ReadModelReferenceData } from '../queries/reference-data';
import { ReadSnapshot } from '../queries/read-snapshot';
import { MILESTONE_BOARD_CONSUMER, MilestoneBoardProjection } from './milestone-board.projection';
import { ReadModelContext } from './read-model-context';

const config = { ...loadConfig({ HOLIDAYS: '2021-10-01,2021-10-04,2022-10-03' }), consumerPollMs: 50 };
const context = new ReadModelContext(config, new FixedClock('2022-03-15T04:00:00Z'));
/** Appends per stop and restart of the consumer. */
const STOP_EVERY = 6;
const TIMES = [{ asOf: '2021-06-30' }, { asOf: '2022-01-01', knownAt: '2024-01-01T00:00:00Z' }];

/*
 * The board's consumer (the views every list, roll-up and agenda serves) stopped while events keep coming, and
 * started again, in turn by another process and by the one that ran it before: it serves what a rebuild from the
 * log serves, no event applied twice or skipped.
 */
describe('milestone-board consumer stopped mid-stream and restarted (real PostgreSQL)', () => {
  let ds: DataSource;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const t = await createTestDataSource();
    ds = t.dataSource;
    url = t.db.url;
    close = t.close;
  }, 60_000);

  afterAll(async () => close());

  /**
   * Two processes, each with its projection (and the board states its batches remember), taking turns: each start
   * is a new runner (its loop and lock) around that process's projection, which must not trust what it remembers
   * from before the other's batches.
   */
  const processes = [0, 1].map(
    () => new MilestoneBoardProjection(new ConsumerRunner(ds, url, config), context),
  );
  let starts = 0;
  const startProcess = (): ConsumerRunner => {
    const runner = new ConsumerRunner(ds, url, config);
    runner.register(processes[starts++ % 2]!);
    runner.start();
    return runner;
  };
  const head = (): Promise<number> => new PostgresEventStore(ds).headPosition();
  const served = async () => {
    const reference = new ReadModelReferenceData(ds, new PlanCatalogQueries(ds));
    const runner = new ConsumerRunner(ds, url, config);
    const stats = new MilestoneStatsQueries(
      context,
      reference,
      new BoardMemory(new ReadSnapshot(ds, runner)),
    );
    const out: unknown[] = [];
    for (const t of TIMES) {
      for (const d of STATS_DIMENSIONS) {
        const r = await stats.stats(d, t);
        out.push({ d, t, groups: r.groups, overall: r.overall, position: r.position });
      }
    }
    return out;
  };

  it('serves what a rebuild serves after stops mid-stream, events appended while it was stopped', async () => {
    const rng = seededRandom(4242);
    // ~400 milestones, one in four led separately; appended interleaved, 100 streams per transaction (57 appends: 9 restarts).
    const streams = randomMilestoneStreams(rng, { prefix: 'rs', events: 7000, perStream: 16 });
    const checkpoint = () => new ConsumerRunner(ds, url, config).checkpoint(MILESTONE_BOARD_CONSUMER);
    let runner: ConsumerRunner | undefined = startProcess();
    let startedAt = 0;
    let appends = 0;
    const restartedBehind: boolean[] = [];
    let appended: number;
    let end: number;
    try {
      appended = await appendInterleaved(rng, new PostgresEventStore(ds), 'rs', streams, async () => {
        appends++;
        if (appends % STOP_EVERY === 2 && runner !== undefined) {
          // Stopped after it applied a batch of its own (however slow its start): process 0 once it reached the
          // head, so that what its batches remember is usable until process 1 applies the events appended since;
          // process 1 right after an append (its batch in flight, or woken for it)...
          const to = starts % 2 === 1 ? await head() : startedAt + 1;
          expect(await runner.waitForPosition(to, 60_000, [MILESTONE_BOARD_CONSUMER])).toBe(true);
          await runner.onApplicationShutdown();
          runner = undefined;
        } else if (appends % STOP_EVERY === 4 && runner === undefined) {
          // ...and started again, by the other process, after two more appends: behind them.
          startedAt = await checkpoint();
          restartedBehind.push(startedAt > 0 && startedAt < (await head()));
          runner = startProcess();
        }
      });
      runner ??= startProcess();
      end = await head();
      expect(await runner.waitForPosition(end, 120_000, [MILESTONE_BOARD_CONSUMER])).toBe(true);
    } finally {
      await runner?.onApplicationShutdown();
    }
    expect(appended).toBeGreaterThanOrEqual(7000);
    // Each start began mid-stream: past the first events, behind those appended while no consumer ran.
    expect(restartedBehind).toEqual(
      Array.from({ length: Math.floor((appends + STOP_EVERY - 4) / STOP_EVERY) }, () => true),
    );
    expect(restartedBehind.length).toBeGreaterThanOrEqual(5);

    const live = await served();
    await copyBoardTables(ds, 'restarted');
    const rebuilder = new ConsumerRunner(ds, url, config);
    rebuilder.register(new MilestoneBoardProjection(rebuilder, context));
    expect(await rebuilder.rebuild(MILESTONE_BOARD_CONSUMER)).toMatchObject({
      events: appended,
      position: end,
    });
    await expectBoardTablesAs(ds, 'restarted', 'restarted mid-stream, against a rebuild');
    expect(await served()).toEqual(live);
  }, 300_000);
});
