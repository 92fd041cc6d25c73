import type { DataSource, EntityManager } from 'typeorm';
import { ConsumerRunner, PostgresEventStore } from '@app/event-store';
import { FixedClock, loadConfig, withQueryTimeout } from '@app/platform';
import { createTestDataSource } from '@app/platform/testing';
import { appendInterleaved, randomMilestoneStreams, seededRandom, ticksDuring } from '../testing';
import { MilestoneBoardProjection } from '../milestone-board/milestone-board.projection';
import { ReadModelContext } from '../milestone-board/read-model-context';
import { BoardMemory, type BoardView } from './board-memory';
import { EventLoopTurns } from './event-loop-turns';
import { ReadSnapshot } from './read-snapshot';

const config = { ...loadConfig({}), consumerBatchSize: 500 };
const TODAY = { asOf: '2022-03-15', knownAt: null } as const;

/** Says when a board's reads are answered and when its user is done (before the snapshot's COMMIT). */
class WatchedSnapshot extends ReadSnapshot {
  constructor(
    ds: DataSource,
    runner: ConsumerRunner,
    private readonly log: string[],
  ) {
    super(ds, runner);
  }

  override run<T>(fn: (m: EntityManager, position: number, generation: string) => Promise<T>): Promise<T> {
    return super.run(async (m, position, generation) => {
      const query = m.query.bind(m);
      m.query = async <R>(sql: string, parameters?: unknown[]): Promise<R> => {
        const rows = await query<R>(sql, parameters);
        this.log.push('read');
        return rows;
      };
      const answer = await fn(m, position, generation);
      this.log.push('done');
      return answer;
    });
  }
}

/** A turn after every item; the `failAt`-th turn fails (a fault in the middle of the loops), `onTurn` sees each. */
class CountedTurns extends EventLoopTurns {
  constructor(
    private failAt: number,
    private readonly onTurn: () => void,
  ) {
    super(0);
  }

  override async give(): Promise<void> {
    if (--this.failAt === 0) throw new Error('simulated fault in the middle of the load');
    this.onTurn();
    await super.give();
  }
}

/** The board's loops give a turn after every item: their turns can be counted. */
class TurnAfterEveryItem extends BoardMemory {
  failAt = Infinity;
  turnsGiven = 0;
  onTurn: (n: number) => void = () => undefined;

  protected override turns(): EventLoopTurns {
    return new CountedTurns(this.failAt, () => this.onTurn(++this.turnsGiven));
  }
}

/** Every milestone's evaluated state as of today, as a question reads it. */
const statesOf = async (_m: EntityManager, position: number, board: BoardView) => {
  const ev = await board.evaluation(TODAY);
  return {
    position,
    states: board.milestones.map((m) => [
      m.id,
      ev.lifecycleOf(m.index),
      ev.healthOf(m.index),
      ev.mLate[m.index],
    ]),
  };
};

/** The board's rows (one per assignment) and packs (segments grouped by assignment). */
async function countsOf(ds: DataSource): Promise<{ rows: number; packs: number }> {
  const [counts] = await ds.query<{ rows: number; packs: number }[]>(
    `SELECT (SELECT count(*)::int FROM rm_milestones) AS rows,
            (SELECT count(DISTINCT (milestone_id, assignment))::int FROM rm_version_segments) AS packs`,
  );
  return counts!;
}

describe("the board's load gives the event loop turns (real PostgreSQL)", () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let runner: ConsumerRunner;

  beforeAll(async () => {
    const t = await createTestDataSource();
    ds = t.dataSource;
    close = t.close;
    runner = new ConsumerRunner(ds, t.db.url, config);
    const context = new ReadModelContext(config, new FixedClock('2022-03-15T04:00:00Z'));
    runner.register(new MilestoneBoardProjection(runner, context));
    const rng = seededRandom(3800);
    const streams = randomMilestoneStreams(rng, { prefix: 't', events: 1200, perStream: 16, multiEvery: 3 });
    await appendInterleaved(rng, new PostgresEventStore(ds), 't', streams);
    await runner.catchUp('milestone-board');
  }, 120_000);

  afterAll(async () => {
    await runner.onApplicationShutdown();
    await close();
  });

  it('lets other callbacks run between the items of each loop, and shows no question a half-loaded board', async () => {
    const log: string[] = [];
    const memory = new TurnAfterEveryItem(new WatchedSnapshot(ds, runner, log));
    let midLoad: Promise<Awaited<ReturnType<typeof statesOf>>> | undefined;
    let askedMidLoadAt = -1;
    // Another callback of the process (an HTTP request, a timer): it runs whenever the event loop turns.
    const tick = () => {
      log.push(memory.loaded ? 'tick (loaded)' : 'tick');
      // A question asked in the middle of the load's loops waits for the whole load.
      if (midLoad === undefined && log.filter((e) => e === 'read').length === 2 && log.at(-2) === 'tick') {
        askedMidLoadAt = log.length;
        midLoad = memory.use(statesOf);
      }
    };
    const { result } = await ticksDuring(async () => {
      const loading = memory.load(TODAY);
      const askedAtOnce = memory.use(statesOf);
      return { loaded: await loading, askedAtOnce };
    }, tick);
    const { loaded, askedAtOnce } = result;

    // After its last read (the packs) the load only computes: a turn there is one its loops gave.
    const done = log.indexOf('done');
    const lastRead = log.lastIndexOf('read', done);
    expect(log.slice(0, done).filter((e) => e === 'read')).toHaveLength(2); // the rows, the packs
    const turns = log.slice(lastRead, done).filter((e) => e.startsWith('tick')).length;
    // At a zero slice: one per pack decoded, per pack gathered, per row applied and per milestone evaluated.
    const counts = await countsOf(ds);
    expect(counts.packs).toBeGreaterThan(100);
    expect(turns).toBeGreaterThanOrEqual(2 * counts.packs + counts.rows + loaded.milestones);
    // Not loaded (readiness: board_loading) until everything is applied.
    expect(log.slice(0, done).filter((e) => e === 'tick (loaded)')).toEqual([]);

    // Questions asked meanwhile see the whole board, as a board loaded without turns does.
    const whole = await new BoardMemory(new ReadSnapshot(ds, runner)).use(statesOf);
    expect(whole.states.length).toBe(loaded.milestones);
    expect(askedMidLoadAt).toBeGreaterThan(lastRead);
    expect(askedMidLoadAt).toBeLessThan(done);
    expect(await midLoad).toEqual(whole);
    expect(await askedAtOnce).toEqual(whole);
  });

  it('a load that fails in the middle of its loops is read again whole by the next user', async () => {
    const memory = new TurnAfterEveryItem(new ReadSnapshot(ds, runner));
    const counts = await countsOf(ds);
    // Half the rows applied.
    memory.failAt = 2 * counts.packs + Math.floor(counts.rows / 2);
    await expect(memory.load(TODAY)).rejects.toThrow('simulated fault');
    expect(memory.loaded).toBe(false);

    memory.failAt = Infinity;
    const whole = await new BoardMemory(new ReadSnapshot(ds, runner)).use(statesOf);
    expect(await memory.use(statesOf)).toEqual(whole);
    // A question loaded it: not "loaded" for readiness, which waits for the warm-up's own load.
    expect(memory.loaded).toBe(false);
    await memory.load(TODAY);
    expect(memory.loaded).toBe(true);
  });

  it("a stop during the load's loops ends them at the next turn; the board is read again whole after", async () => {
    const memory = new TurnAfterEveryItem(new ReadSnapshot(ds, runner));
    const stop = new AbortController();
    let stoppedAt = -1;
    memory.onTurn = (n) => {
      if (n === 50) stop.abort();
      if (stop.signal.aborted && stoppedAt < 0) stoppedAt = n;
    };
    await expect(withQueryTimeout(60_000, () => memory.load(TODAY), stop.signal)).rejects.toThrow(
      'Query cancelled',
    );
    expect(memory.turnsGiven).toBe(stoppedAt); // no turn after the stop: the loops ended there
    memory.onTurn = () => undefined;
    const whole = await new BoardMemory(new ReadSnapshot(ds, runner)).use(statesOf);
    expect(await memory.use(statesOf)).toEqual(whole);
  });

  it('a sync that fails half-way after the board was loaded is read again whole, not added twice', async () => {
    const memory = new TurnAfterEveryItem(new ReadSnapshot(ds, runner));
    const { position: since } = await memory.load(TODAY);
    // More events on the same milestones: their packs get new segments.
    const rng = seededRandom(3801);
    const more = randomMilestoneStreams(rng, { prefix: 't', events: 300, perStream: 16, multiEvery: 3 });
    await appendInterleaved(rng, new PostgresEventStore(ds), 't', more);
    await runner.catchUp('milestone-board');
    // The sync's turns: one per segment read, one per pack gathered, then one per row applied: fail at the 2nd row.
    const [sync] = await ds.query<{ segments: number; packs: number }[]>(
      `SELECT count(*)::int AS segments, count(DISTINCT (milestone_id, assignment))::int AS packs
         FROM rm_version_segments WHERE position > $1`,
      [since],
    );
    expect(sync!.packs).toBeGreaterThan(10);
    memory.failAt = sync!.segments + sync!.packs + 2;
    await expect(memory.use(statesOf)).rejects.toThrow('simulated fault');
    memory.failAt = Infinity;
    const whole = await new BoardMemory(new ReadSnapshot(ds, runner)).use(statesOf);
    expect(await memory.use(statesOf)).toEqual(whole);
  });
});
