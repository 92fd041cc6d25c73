import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ConsumerRunner, PostgresEventStore } from '@app/event-store';
import { milestoneStreamId } from '@app/milestones';
import { FixedClock, loadConfig } from '@app/platform';
import { createTestDataSource } from '@app/platform/testing';
import { PlanCatalogQueries } from '@app/plans';
import { appendInterleaved, randomMilestoneStreams, seededRandom, ticksDuring } from '../testing';
import { MilestoneBoardProjection } from '../milestone-board/milestone-board.projection';
import { ReadModelContext } from '../milestone-board/read-model-context';
import { BoardMemory } from './board-memory';
import { EventLoopTurns } from './event-loop-turns';
import { MilestoneBoardQueries } from './milestone-board.queries';
import { MilestoneStatsQueries } from './milestone-stats.queries';
import { ReadModelReferenceData } from './reference-data';
import { AGENDA_SECTIONS, UnitAgendaQueries, type UnitAgenda } from './unit-agenda.queries';
import { ReadSnapshot } from './read-snapshot';

const config = { ...loadConfig({}), consumerBatchSize: 500 };
const TODAY = { asOf: '2022-03-15', knownAt: null } as const;

/**
 * A turn at every item of every scan and loop (chunks of one), sorts in runs of two (so merged); `hold` keeps the next
 * turn until it resolves.
 */
class HeldTurns extends EventLoopTurns {
  constructor(private readonly memory: TurnAtEveryItem) {
    super(0, 1, 2);
  }

  override async scan(n: number, each: (from: number, to: number) => void): Promise<void> {
    this.memory.scanned += n;
    await super.scan(n, each);
    this.memory.turnsByLastScan = this.memory.turnsGiven;
  }

  override async sort<T>(items: T[], compare: (a: T, b: T) => number): Promise<T[]> {
    const sorted = await super.sort(items, compare);
    this.memory.turnsByLastScan = this.memory.turnsGiven;
    return sorted;
  }

  override async give(): Promise<void> {
    const memory = this.memory;
    memory.turnsGiven++;
    const hold = memory.hold;
    memory.hold = undefined;
    if (hold !== undefined) {
      memory.onHeld();
      await hold;
    }
    await super.give();
  }
}

/** The board's loops and scans give a turn after every item: their turns can be counted, and one held. */
class TurnAtEveryItem extends BoardMemory {
  turnsGiven = 0;
  /** Items scanned in chunks (`EventLoopTurns.scan`). */
  scanned = 0;
  /** `turnsGiven` when the last scan or sort ended. */
  turnsByLastScan = 0;
  hold: Promise<void> | undefined;
  onHeld: () => void = () => undefined;

  protected override turns(): EventLoopTurns {
    return new HeldTurns(this);
  }
}

describe("the board's scans (roll-ups, lists, selections, agendas) give the event loop turns (real PostgreSQL)", () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let runner: ConsumerRunner;
  let store: PostgresEventStore;
  let context: ReadModelContext;
  /** The unit on the fewest milestones: its agenda's turns are mostly its scan's (its sorts' few). */
  let unit: string;
  /** The unit on the most milestones: its agenda's sorts merge runs, with ties. */
  let busiest: string;

  beforeAll(async () => {
    const t = await createTestDataSource();
    ds = t.dataSource;
    close = t.close;
    runner = new ConsumerRunner(ds, t.db.url, config);
    context = new ReadModelContext(config, new FixedClock('2022-03-15T04:00:00Z'));
    runner.register(new MilestoneBoardProjection(runner, context));
    store = new PostgresEventStore(ds);
    const rng = seededRandom(4100);
    const streams = randomMilestoneStreams(rng, { prefix: 's', events: 1200, perStream: 16, multiEvery: 3 });
    await appendInterleaved(rng, store, 's', streams);
    await runner.catchUp('milestone-board');
    const units = await ds.query<{ unit: string }[]>(
      `SELECT u AS unit FROM rm_milestones, unnest(lead_units || cooperating_units) u
        GROUP BY u ORDER BY count(*), u`,
    );
    unit = units[0]!.unit;
    busiest = units[units.length - 1]!.unit;
  }, 120_000);

  afterAll(async () => {
    await runner.onApplicationShutdown();
    await close();
  });

  /** The query services on a board memory. */
  function questionsOn(memory: BoardMemory) {
    const snapshot = new ReadSnapshot(ds, runner);
    const reference = new ReadModelReferenceData(ds, new PlanCatalogQueries(ds));
    const stats = new MilestoneStatsQueries(context, reference, memory);
    const board = new MilestoneBoardQueries(context, snapshot, reference, memory);
    const agendas = new UnitAgendaQueries(context, reference, memory, board);
    return {
      'stats/zones': () => stats.stats('zones', {}),
      'stats/units': () => stats.stats('units', {}),
      'stats/years?lifecycle=in_progress': () => stats.stats('years', { lifecycle: 'in_progress' }),
      'milestones?sort=-percent': () => board.list({ sort: '-percent', pageSize: '20' }),
      'milestones?health=red,amber&page=2': () =>
        board.list({ health: 'red,amber', sort: 'dueDate', pageSize: '3', page: '2' }),
      'select (every milestone)': () => board.select({}),
      'units/{unit}/agenda': () => agendas.agenda(unit, {}, { role: 'admin' }),
      'units/{busiest}/agenda': () => agendas.agenda(busiest, {}, { role: 'admin' }),
      'units/{busiest}/agenda?asOf=2021-06-30': () =>
        agendas.agenda(busiest, { asOf: '2021-06-30' }, { role: 'admin' }),
    };
  }

  it('lets other callbacks run between the items of a scan, and answers as a scan without turns', async () => {
    const memory = new TurnAtEveryItem(new ReadSnapshot(ds, runner));
    const { milestones } = await memory.load(TODAY); // evaluated as of today: the questions only scan
    const turning = questionsOn(memory);
    const plain = questionsOn(new BoardMemory(new ReadSnapshot(ds, runner)));
    for (const [name, ask] of Object.entries(turning)) {
      // Another callback of the process (a timer, an HTTP request) counts the turns of the event loop.
      const before = { turns: memory.turnsGiven, scanned: memory.scanned };
      const { result: answer, ticks } = await ticksDuring(async () => ask());
      const turns = memory.turnsGiven - before.turns;
      const scanned = memory.scanned - before.scanned;
      // Every milestone scanned through `EventLoopTurns.scan` (the turns before each item follow from HeldTurns'
      // chunks of one and zero slice), and the other callback ran at each turn.
      expect({ name, scanned: scanned >= milestones && turns >= scanned }).toEqual({ name, scanned: true });
      expect(ticks).toBeGreaterThanOrEqual(turns);
      // Against a plain board with the default turns: at 87 milestones its loops do not normally reach their slice,
      // and its sorts are the built-in sort's (in place); HeldTurns' sort in merged runs of two. The busiest unit's
      // agendas merge the most (ties in order: the unit spec, `event-loop-turns.spec.ts`).
      expect({ name, answer }).toEqual({ name, answer: await plain[name as keyof typeof plain]() });
      if (name.includes('/agenda')) {
        // Its views are built in turns too, after its last scan and sort: one per milestone listed.
        const agenda = answer as UnitAgenda;
        const listed = new Set(AGENDA_SECTIONS.flatMap((s) => agenda[s].map((item) => item.milestone.id)));
        expect(listed.size).toBeGreaterThan(0);
        expect({ name, views: memory.turnsGiven - memory.turnsByLastScan }).toEqual({
          name,
          views: listed.size,
        });
      }
    }
  });

  it('a scan paused at a turn sees one board: a progress report projected meanwhile waits for the next question', async () => {
    const memory = new TurnAtEveryItem(new ReadSnapshot(ds, runner));
    await memory.load(TODAY);
    const plain = questionsOn(new BoardMemory(new ReadSnapshot(ds, runner)));
    const turning = questionsOn(memory);
    const ask = 'stats/years?lifecycle=in_progress';
    const before = await plain[ask]();
    // A milestone planned as of today, led by one unit: a report puts it in progress.
    const planned = await new BoardMemory(new ReadSnapshot(ds, runner)).use(async (_m, _p, board) => {
      const ev = await board.evaluation(TODAY);
      return board.milestones.find(
        (m) => m.assignments.length === 1 && ev.lifecycleOf(m.index) === 'planned',
      );
    });
    expect(planned).toBeDefined();

    let release!: () => void;
    memory.hold = new Promise<void>((r) => (release = r));
    const held = new Promise<void>((r) => (memory.onHeld = r));
    const paused = turning[ask]();
    await held; // the scan's first turn: nothing counted yet
    await store.append(
      milestoneStreamId(planned!.id),
      [
        {
          eventId: randomUUID(),
          type: 'ProgressReported',
          data: { percent: 40, narrative: '推进中' },
          metadata: { occurredAt: '2022-03-14T04:00:00.000Z', actor: { role: 'admin' } },
        },
      ],
      'any',
    );
    await runner.catchUp('milestone-board');
    const after = await plain[ask]();
    expect(after.position).toBeGreaterThan(before.position);
    expect(after.overall.total).toBe(before.overall.total + 1); // (the report changes the answer)
    const next = turning[ask](); // asked while the scan is paused: waits for it in the board's queue
    release();
    expect(await paused).toEqual(before);
    expect(await next).toEqual(after);
  });
});
