import type { DataSource, EntityManager } from 'typeorm';
import {
  ConsumerRunner,
  newEventId,
  PostgresEventStore,
  type AppendRequest,
  type EventConsumer,
  type StoredEvent,
} from '@app/event-store';
import { fold, isMilestoneEventType, milestoneStreamId, type MilestoneEvent } from '@app/milestones';
import { FixedClock, loadConfig, type IsoDate } from '@app/platform';
import { createTestDataSource } from '@app/platform/testing';
import { PlanCatalogQueries } from '@app/plans';
import { randomMilestoneStream, seededRandom } from '../testing';
import { CurrentBoard } from '../queries/current-board';
import { factsSourceSql, SqlParams } from '../queries/facts-source';
import { MilestoneBoardQueries } from '../queries/milestone-board.queries';
import { MilestoneStatsQueries, STATS_DIMENSIONS } from '../queries/milestone-stats.queries';
import { ReadModelReferenceData } from '../queries/reference-data';
import { ReadSnapshot } from '../queries/read-snapshot';
import { MILESTONE_BOARD_TABLES, MilestoneBoardProjection } from './milestone-board.projection';
import { ReadModelContext } from './read-model-context';

const config = { ...loadConfig({ HOLIDAYS: '2021-10-01,2021-10-04,2022-10-03' }), consumerBatchSize: 2000 };

describe('milestone-board projection (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let store: PostgresEventStore;
  let runner: ConsumerRunner;
  let projection: MilestoneBoardProjection;
  let context: ReadModelContext;
  const rng = seededRandom(5000);

  beforeAll(async () => {
    const t = await createTestDataSource();
    ds = t.dataSource;
    close = t.close;
    store = new PostgresEventStore(ds);
    runner = new ConsumerRunner(ds, t.db.url, config);
    context = new ReadModelContext(config, new FixedClock('2022-03-15T04:00:00Z'));
    projection = new MilestoneBoardProjection(runner, context);
    runner.register(projection);
  }, 60_000);

  afterAll(async () => {
    await runner.onApplicationShutdown();
    await close();
  });

  /** Fails after applying the first `applied` events of its batch (nothing of it may remain). */
  const crashing = (applied: number | 'all'): EventConsumer => ({
    name: projection.name,
    handle: async (events: readonly StoredEvent[], tx: EntityManager) => {
      await projection.handle(applied === 'all' ? events : events.slice(0, applied), tx);
      throw new Error('simulated crash in the middle of a batch');
    },
  });

  it('has the same tables after a rebuild as live, with small batches and crashes mid-batch (≥ 5,000 events)', async () => {
    // 320 milestones with random streams, appended interleaved (many streams per transaction, in random order).
    const streams: MilestoneEvent[][] = [];
    for (let total = 0; total < 5100; total += streams.at(-1)!.length) {
      streams.push(
        randomMilestoneStream(rng, {
          milestoneId: `r-${streams.length}`,
          events: 22,
          backdatedShare: 0.1,
        }).map((s) => s.event),
      );
    }
    const next = streams.map(() => 0);
    let appended = 0;
    let crashes = 0;
    const toNew = (e: MilestoneEvent) => ({
      eventId: newEventId(),
      type: e.type,
      data: e.data,
      metadata: {
        occurredAt: e.occurredAt,
        ...(e.backdated ? { backdated: true } : {}),
        actor: { system: 'test' },
      },
    });
    for (;;) {
      const open = streams.map((_, i) => i).filter((i) => next[i]! < streams[i]!.length);
      if (open.length === 0) break;
      const requests: AppendRequest[] = [];
      for (let k = 0; k < 100 && open.length > 0; k++) {
        const i = open.splice(Math.floor(rng() * open.length), 1)[0]!;
        const n = 1 + Math.floor(rng() * 2);
        const from = next[i] ?? 0;
        const events = streams[i]!.slice(from, from + n);
        next[i] = from + events.length;
        requests.push({ streamId: milestoneStreamId(`r-${i}`), expected: 'any', events: events.map(toNew) });
        appended += events.length;
      }
      await store.appendMulti(requests);
      // The live consumer: batches of random size, now and then a crash half-way (or after everything).
      const r = rng();
      if (r < 0.15) {
        await expect(
          runner.processBatch(crashing(r < 0.05 ? 'all' : Math.floor(rng() * 40)), 80),
        ).rejects.toThrow('simulated crash');
        crashes++;
      }
      await runner.processBatch(projection, 1 + Math.floor(rng() * 150));
    }
    while ((await runner.processBatch(projection, 97)) > 0);
    expect(appended).toBeGreaterThanOrEqual(5000);
    expect(crashes).toBeGreaterThan(3);

    const [backdated] = await ds.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM rm_milestone_timeline WHERE backdated',
    );
    expect(backdated!.n).toBeGreaterThan(50);
    for (const t of MILESTONE_BOARD_TABLES) await ds.query(`CREATE TABLE live_${t} AS TABLE ${t}`);

    await runner.reset(projection.name);
    const [empty] = await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM rm_milestones');
    expect(empty!.n).toBe(0);
    await runner.catchUp(projection.name);
    await expectTablesAsLive('reset + catch-up in log order');

    // The CLI's rebuild: stream by stream, in one transaction. Interrupted half-way, it changes nothing, and
    // readers see the old rows while it runs.
    const [checkpoint] = await ds.query<{ position: string }[]>(
      `SELECT position FROM consumer_checkpoints WHERE name = $1`,
      [projection.name],
    );
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
    expect(seenByReader).toBe(streams.length);
    await expectTablesAsLive('after an interrupted rebuild');
    const progress: [number, number][] = [];
    // Pages of 700 events: streams of ~16 events span pages now and then.
    const rebuilt = await runner.rebuild(projection.name, (done, total) => progress.push([done, total]), {
      pageSize: 700,
    });
    expect(rebuilt).toEqual({ events: appended, position: Number(checkpoint!.position), mode: 'stream' });
    expect(progress.at(-1)).toEqual([appended, appended]);
    expect(progress.length).toBeGreaterThan(7);
    await expectTablesAsLive('rebuilt stream by stream');
    const [meta] = await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM rm_board_meta');
    expect(meta!.n).toBe(1);
  }, 240_000);

  /** Every table of the projection equals the copy taken from the live consumer (set difference 0). */
  async function expectTablesAsLive(when: string): Promise<void> {
    for (const t of MILESTONE_BOARD_TABLES) {
      const [counts] = await ds.query<
        { live: number; rebuilt: number; only_live: number; only_rebuilt: number }[]
      >(
        `SELECT (SELECT count(*)::int FROM live_${t}) AS live, (SELECT count(*)::int FROM ${t}) AS rebuilt,
                (SELECT count(*)::int FROM (TABLE live_${t} EXCEPT ALL TABLE ${t}) d) AS only_live,
                (SELECT count(*)::int FROM (TABLE ${t} EXCEPT ALL TABLE live_${t}) d) AS only_rebuilt`,
      );
      expect({ when, table: t, ...counts }).toEqual({
        when,
        table: t,
        live: counts!.rebuilt,
        rebuilt: counts!.rebuilt,
        only_live: 0,
        only_rebuilt: 0,
      });
      expect(counts!.rebuilt).toBeGreaterThan(0);
    }
  }

  it('answers time travel in SQL exactly as the domain fold of the stored events, with the rules’ schedule and health', async () => {
    const snapshot = new ReadSnapshot(ds);
    const reference = new ReadModelReferenceData(ds, new PlanCatalogQueries(ds));
    const current = new CurrentBoard(snapshot);
    const queries = new MilestoneBoardQueries(context, snapshot, reference, current);
    const events = await store.readAll(0, 100_000);
    const byMilestone = new Map<string, StoredEvent[]>();
    for (const e of events) {
      if (!isMilestoneEventType(e.type)) continue;
      const id = e.streamId.slice('milestone-'.length);
      byMilestone.set(id, [...(byMilestone.get(id) ?? []), e]);
    }
    const toDomain = (e: StoredEvent) =>
      ({ type: e.type, data: e.data, occurredAt: e.metadata.occurredAt }) as MilestoneEvent;
    const recorded = events.map((e) => e.recordedAt.getTime());
    const dates: IsoDate[] = ['2019-12-31', '2020-07-01', '2021-03-15', '2022-01-01', '2023-06-30'];
    const asKnown: (number | null)[] = [
      null,
      recorded[Math.floor(recorded.length / 3)]!,
      recorded[Math.floor((2 * recorded.length) / 3)]!,
    ];
    let compared = 0;
    for (const asOf of dates) {
      for (const knownMs of asKnown) {
        const tt = { asOf, knownAt: knownMs === null ? null : new Date(knownMs) };
        const rows = await queries.rows(ds, tt, {});
        const got = new Map(rows.map((r) => [r.milestone_id, r]));
        for (const [id, stream] of byMilestone) {
          const known = stream.filter(
            (e) =>
              (knownMs === null || e.recordedAt.getTime() <= knownMs) &&
              context.days.dayOf(Date.parse(e.metadata.occurredAt)) <= asOf,
          );
          const state = fold(known.map(toDomain));
          const row = got.get(id);
          if (!state.exists) {
            expect(row).toBeUndefined();
            continue;
          }
          expect(row).toBeDefined();
          expect({
            id,
            lifecycle: row!.lifecycle,
            percent: row!.percent,
            dueDate: row!.due_date,
            baselineDueDate: row!.baseline_due_date,
            forecastDate: row!.forecast_date,
            lastReportOn: row!.last_report_on,
            submittedOn: row!.submitted_on,
            acceptedOn: row!.accepted_on,
          }).toEqual({
            id,
            lifecycle: state.lifecycle,
            percent: state.percent,
            dueDate: state.dueDate,
            baselineDueDate: state.baselineDueDate,
            forecastDate: state.forecastDate,
            lastReportOn: state.lastReportOn,
            submittedOn: state.submittedOn,
            acceptedOn: state.acceptedOn,
          });
          compared++;
        }
        // The SQL's schedule, days late and health are the rules' (scheduleAt / healthAt) on every row.
        const page = await queries.list({
          asOf,
          ...(knownMs === null ? {} : { knownAt: new Date(knownMs).toISOString() }),
          pageSize: '200',
        });
        for (const v of page.items) {
          const r = got.get(v.id)!;
          expect([v.id, r.schedule, r.days_late ?? undefined, r.health]).toEqual([
            v.id,
            v.schedule.state,
            v.schedule.daysLate === 0 ? undefined : v.schedule.daysLate,
            v.health.colour,
          ]);
        }
      }
    }
    expect(compared).toBeGreaterThan(3000);

    // Today with everything known is answered from the board in memory: the same as the SQL path. (Today is
    // after the last event here; before it, the board alone is not the answer and the SQL path serves.)
    const [meta] = await ds.query<{ max: string }[]>(
      'SELECT max_effective_on::text AS max FROM rm_board_meta',
    );
    expect(meta!.max < '2025-06-30').toBe(true);
    const later = new ReadModelContext(config, new FixedClock('2025-06-30T04:00:00Z'));
    const stats = new MilestoneStatsQueries(later, snapshot, reference, current);
    const laterQueries = new MilestoneBoardQueries(later, snapshot, reference, current);
    const everything = { asOf: '2025-06-30', knownAt: '2100-01-01T00:00:00Z' }; // the SQL path, same answer
    for (const d of STATS_DIMENSIONS) {
      const mem = await stats.stats(d, {});
      const sql = await stats.stats(d, everything);
      expect(mem.asOf).toBe('2025-06-30');
      expect({ groups: mem.groups, overall: mem.overall }).toEqual({
        groups: sql.groups,
        overall: sql.overall,
      });
      expect(mem.overall.total).toBe(byMilestone.size);
    }
    for (const params of [
      { sort: '-daysLate' },
      { sort: 'health', health: 'red,grey', pageSize: '40', page: '2' },
      { zone: '大广海湾区', schedule: 'overdue,completed_late', sort: 'percent' },
      { unit: 'gov-taishan', role: 'lead', year: '2021', sort: '-lastReportOn' },
      { q: 'r-1', lifecycle: 'in_progress,returned', sort: 'task' },
    ]) {
      const mem = await laterQueries.list(params);
      const sql = await laterQueries.list({ ...params, ...everything });
      expect({ total: mem.total, ids: mem.items.map((i) => i.id) }).toEqual({
        total: sql.total,
        ids: sql.items.map((i) => i.id),
      });
      expect(mem.items).toEqual(sql.items);
    }

    // After the last event, the board alone and the timeline give the same rows.
    const tt = { asOf: '2030-01-01', knownAt: null };
    const viaMode = async (mode: 'board' | 'timeline') => {
      const p = new SqlParams();
      return ds.query(`SELECT * FROM (${factsSourceSql(tt, {}, p, mode)}) s ORDER BY milestone_id`, p.values);
    };
    const onBoard = await viaMode('board');
    expect(onBoard.length).toBe(byMilestone.size);
    expect(await viaMode('timeline')).toEqual(onBoard);
  }, 120_000);

  it('serves a rebuild at once, even when it rewrote rows at positions the query process had already read', async () => {
    const snapshot = new ReadSnapshot(ds);
    const reference = new ReadModelReferenceData(ds, new PlanCatalogQueries(ds));
    const later = new ReadModelContext(config, new FixedClock('2025-06-30T04:00:00Z'));
    const stats = new MilestoneStatsQueries(later, snapshot, reference, new CurrentBoard(snapshot));
    const everything = { asOf: '2025-06-30', knownAt: '2100-01-01T00:00:00Z' };
    const truth = await stats.stats('years', everything);
    // Rows as an older version of the projection might have left them: same positions, other content.
    await ds.query(`UPDATE rm_milestones SET lifecycle = 'cancelled'`);
    const stale = await stats.stats('years', {});
    expect(stale.overall.lifecycle.cancelled).toBe(stale.overall.total);
    const body = (r: { groups: unknown; overall: unknown }) => ({ groups: r.groups, overall: r.overall });
    expect(stale.overall.total).toBeGreaterThan(300);

    await runner.rebuild(projection.name);
    const fresh = await stats.stats('years', {});
    expect(fresh.position).toBe(stale.position);
    expect({ groups: fresh.groups, overall: fresh.overall }).toEqual({
      groups: truth.groups,
      overall: truth.overall,
    });
    expect(body(await stats.stats('years', everything))).toEqual(body(truth));
  }, 120_000);
});
