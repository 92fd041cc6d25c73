import type { DataSource } from 'typeorm';
import { ConsumerRunner, PostgresEventStore, type StoredEvent } from '@app/event-store';
import {
  assignmentFacts,
  fold,
  HEALTH_COLOURS,
  MILESTONE_LIFECYCLES,
  milestoneIdFromStreamId,
  toMilestoneEvent,
  type MilestoneEvent,
} from '@app/milestones';
import { FixedClock, loadConfig, type IsoDate } from '@app/platform';
import { createTestDataSource } from '@app/platform/testing';
import { PlanCatalogQueries } from '@app/plans';
import { appendInterleaved, randomMilestoneStreams, seededRandom } from '../testing';
import { factsOf } from '../milestone-board/facts-state';
import { stateFromRow } from '../milestone-board/fact-columns';
import { MilestoneBoardProjection } from '../milestone-board/milestone-board.projection';
import { ReadModelContext } from '../milestone-board/read-model-context';
import { isoOfDay } from '../milestone-board/version-pack';
import { assignmentRows } from './assignment-rows';
import type { BoardEvaluation } from './board-evaluation';
import { ABSENT } from './board-evaluation-arrays';
import { BoardMemory, type BoardView } from './board-memory';
import { MilestoneBoardQueries } from './milestone-board.queries';
import { toBoardView, type MilestoneBoardView } from './milestone-board.view';
import { MilestoneStatsQueries, STATS_DIMENSIONS, type StatsDimension } from './milestone-stats.queries';
import type { GroupStats } from './stats-accumulator';
import { ReadModelReferenceData } from './reference-data';
import { ReadSnapshot } from './read-snapshot';

const config = { ...loadConfig({ HOLIDAYS: '2021-10-01,2021-10-04,2022-10-03' }), consumerBatchSize: 500 };

describe('read-model queries at any (asOf, knownAt) (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let runner: ConsumerRunner;
  let context: ReadModelContext;
  let events: StoredEvent[];

  beforeAll(async () => {
    const t = await createTestDataSource();
    ds = t.dataSource;
    close = t.close;
    const store = new PostgresEventStore(ds);
    runner = new ConsumerRunner(ds, t.db.url, config);
    context = new ReadModelContext(config, new FixedClock('2022-03-15T04:00:00Z'));
    runner.register(new MilestoneBoardProjection(runner, context));
    const rng = seededRandom(7100);
    const streams = randomMilestoneStreams(rng, { prefix: 'q', events: 2600, perStream: 16, multiEvery: 3 });
    await appendInterleaved(rng, store, 'q', streams, async () => {
      await runner.catchUp('milestone-board');
    });
    events = await store.readAll(0, 100_000);
  }, 120_000);

  afterAll(async () => {
    await runner.onApplicationShutdown();
    await close();
  });

  /** The domain's fold of the events dated ≤ asOf and recorded ≤ knownAt, per milestone. */
  function domainAt(asOf: IsoDate, knownMs: number | null) {
    const byMilestone = new Map<string, MilestoneEvent[]>();
    for (const e of events) {
      const id = milestoneIdFromStreamId(e.streamId);
      const event = toMilestoneEvent(e);
      if (id === null || event === undefined) continue;
      if (knownMs !== null && e.recordedAt.getTime() > knownMs) continue;
      if (context.days.dayOf(Date.parse(event.occurredAt)) > asOf) continue;
      byMilestone.set(id, [...(byMilestone.get(id) ?? []), event]);
    }
    return new Map([...byMilestone].map(([id, list]) => [id, fold(list)]));
  }

  it('answers as the domain fold, for every assignment and milestone, in SQL and in memory alike', async () => {
    const snapshot = new ReadSnapshot(ds, runner);
    const memory = new BoardMemory(snapshot);
    const reference = new ReadModelReferenceData(ds, new PlanCatalogQueries(ds));
    const queries = new MilestoneBoardQueries(context, snapshot, reference, memory);
    const stats = new MilestoneStatsQueries(context, reference, memory);
    const ids = [...new Set(events.map((e) => milestoneIdFromStreamId(e.streamId)!))];
    const recorded = events.map((e) => e.recordedAt.getTime());
    const dates: IsoDate[] = ['2019-12-31', '2020-07-01', '2021-03-15', '2022-01-01', '2023-06-30'];
    const knowns = [
      null,
      recorded[Math.floor(recorded.length / 3)]!,
      recorded[Math.floor((2 * recorded.length) / 3)]!,
    ];
    let compared = 0;
    let multi = 0;
    for (const asOf of dates) {
      for (const knownMs of knowns) {
        const tt = { asOf, knownAt: knownMs === null ? null : new Date(knownMs) };
        const domain = domainAt(asOf, knownMs);
        const rows = await assignmentRows(ds, tt, ids);
        const views = new Map<string, MilestoneBoardView>();
        for (const id of ids) {
          const state = domain.get(id);
          const own = rows.get(id);
          if (state === undefined || !state.exists) {
            expect({ id, rows: own?.length ?? 0 }).toEqual({ id, rows: 0 });
            continue;
          }
          // Each assignment's facts, in SQL, are the domain's.
          expect({
            id,
            facts: own!.map((r) => [
              r.assignment,
              strip(factsOf(stateFromRow(r, r.assignment, r.assignment_lead_units), null)),
            ]),
          }).toEqual({
            id,
            facts: state.assignments.map((a) => [a.key, strip(assignmentFacts(state, a))]),
          });
          // The milestone's own state, derived from them, is the domain's.
          const view = toBoardView(own!, asOf, context.rules, (u) => u);
          views.set(id, view);
          expect({ id, ...pick(view) }).toEqual({
            id,
            lifecycle: state.lifecycle,
            percent: state.percent,
            percentRange: state.percentRange,
            dueDate: state.dueDate,
            submittedOn: state.submittedOn,
            acceptedOn: state.acceptedOn,
          });
          compared++;
          if (own!.length > 1) multi++;
        }
        // In memory: the same milestones and assignments, the same states and figures.
        await memory.use(async (_m, _p, board) => {
          const ev = await board.evaluation(tt);
          for (const m of board.milestones) {
            const view = views.get(m.id);
            const i = m.index;
            if (view === undefined) {
              expect({ id: m.id, absent: ev.mLife[i] === ABSENT }).toEqual({ id: m.id, absent: true });
              continue;
            }
            expect({ id: m.id, ...memoryAnswer(ev, i) }).toEqual({ id: m.id, ...viewAnswer(view) });
            const shares = view.assignments ?? [{ ...view, key: m.assignments[0]!.key }];
            expect(
              m.assignments
                .filter((a) => ev.aLife[a.index] !== ABSENT)
                .map((a) => [a.key, HEALTH_COLOURS[ev.aHealth[a.index]!], ev.aLate[a.index]! || null]),
            ).toEqual(shares.map((s) => [s.key, s.health.colour, lateOf(s)]));
          }
        });
        // The roll-ups count those states; a unit's lead side counts its assignments.
        const zones = await stats.stats('zones', {
          asOf,
          ...(knownMs === null ? {} : { knownAt: new Date(knownMs).toISOString() }),
        });
        expect(zones.overall.total).toBe(views.size);
        expect(zones.overall.lifecycle.accepted).toBe(
          [...views.values()].filter((v) => v.lifecycle === 'accepted').length,
        );
        expect(zones.overall.health.red).toBe(
          [...views.values()].filter((v) => v.health.colour === 'red').length,
        );
        // Every roll-up counts as a plain recount of the evaluated board, group by group.
        for (const dimension of STATS_DIMENSIONS) {
          const report = await stats.stats(dimension, {
            asOf,
            ...(knownMs === null ? {} : { knownAt: new Date(knownMs).toISOString() }),
          });
          const expected = await memory.use(async (_m, _p, board) =>
            recount(dimension, board, await board.evaluation(tt)),
          );
          expect(report.groups.map((g) => [dimension, g.key, summary(g)])).toEqual(
            [...expected.entries()].map(([key, c]) => [dimension, key, c]),
          );
        }
        const page = await queries.list({
          asOf,
          ...(knownMs === null ? {} : { knownAt: new Date(knownMs).toISOString() }),
          health: 'red',
          sort: '-daysLate',
          pageSize: '200',
        });
        expect(page.total).toBe(zones.overall.health.red);
        expect(page.items.map((v) => v.schedule.daysLate ?? 0)).toEqual(
          [...page.items].map((v) => v.schedule.daysLate ?? 0).sort((a, b) => b - a),
        );
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(multi).toBeGreaterThan(300);
  }, 240_000);
});

const strip = (f: { redFlagSince?: unknown }) => {
  const { redFlagSince: _none, ...rest } = f;
  return rest;
};

const pick = (v: MilestoneBoardView) => ({
  lifecycle: v.lifecycle,
  percent: v.percent,
  percentRange: v.percentRange,
  dueDate: v.dueDate,
  submittedOn: v.submittedOn,
  acceptedOn: v.acceptedOn,
});

const lateOf = (v: { schedule: { daysLate?: number } }) =>
  v.schedule.daysLate !== undefined && v.schedule.daysLate > 0 ? v.schedule.daysLate : null;

function memoryAnswer(ev: BoardEvaluation, i: number) {
  const percent = ev.mPercent[i]!;
  return {
    lifecycle: ev.lifecycleOf(i),
    schedule: ev.scheduleOf(i),
    health: ev.healthOf(i),
    daysLate: ev.mLate[i]! || null,
    percent: Number.isNaN(percent) ? null : Math.round(percent * 10) / 10,
    dueDate: isoOfDay(ev.mDue[i]!),
    lastReportOn: isoOfDay(ev.mLastReport[i]!),
  };
}

function viewAnswer(v: MilestoneBoardView) {
  return {
    lifecycle: v.lifecycle,
    schedule: v.schedule.state,
    health: v.health.colour,
    daysLate: lateOf(v),
    percent: v.percent,
    dueDate: v.dueDate,
    lastReportOn: v.lastReportOn,
  };
}

type Counted = { total: number; red: number; accepted: number; late: number; maxLate: number | null };
const count = (): Counted => ({ total: 0, red: 0, accepted: 0, late: 0, maxLate: null });

function tally(c: Counted, life: number, health: number, late: number): void {
  c.total++;
  if (HEALTH_COLOURS[health] === 'red') c.red++;
  if (MILESTONE_LIFECYCLES[life] === 'accepted') c.accepted++;
  if (late > 0) {
    c.late++;
    c.maxLate = Math.max(c.maxLate ?? 0, late);
  }
}

const summary = (g: GroupStats | { lead: GroupStats; cooperating: GroupStats }) => {
  const one = (s: GroupStats): Counted => ({
    total: s.total,
    red: s.health.red,
    accepted: s.lifecycle.accepted,
    late: s.late,
    maxLate: s.maxDaysLate,
  });
  return 'lead' in g ? { lead: one(g.lead), cooperating: one(g.cooperating) } : one(g);
};

/** The groups of a roll-up counted the plain way, one milestone (or assignment) and one key at a time. */
function recount(dimension: StatsDimension, board: BoardView, ev: BoardEvaluation) {
  const groups = new Map<string | number | null, Counted | { lead: Counted; cooperating: Counted }>();
  const into = (key: string | number | null, side?: 'lead' | 'cooperating') => {
    if (!groups.has(key)) groups.set(key, side ? { lead: count(), cooperating: count() } : count());
    const g = groups.get(key)!;
    return 'lead' in g ? g[side!] : g;
  };
  for (const m of board.milestones) {
    const i = m.index;
    if (ev.mLife[i] === ABSENT) continue;
    const keys: (string | number | null)[] =
      dimension === 'zones'
        ? [...m.zones.values]
        : dimension === 'districts'
          ? m.districts.values.length === 0
            ? [null]
            : [...m.districts.values]
          : dimension === 'sections'
            ? [m.section]
            : dimension === 'years'
              ? [ev.mYear[i]!]
              : [...m.cooperating.values];
    const side = dimension === 'units' ? 'cooperating' : undefined;
    for (const k of keys) tally(into(k, side), ev.mLife[i]!, ev.mHealth[i]!, ev.mLate[i]!);
  }
  if (dimension === 'units') {
    for (const a of board.assignments) {
      const j = a.index;
      if (ev.aLife[j] === ABSENT) continue;
      for (const u of a.leads.values) tally(into(u, 'lead'), ev.aLife[j]!, ev.aHealth[j]!, ev.aLate[j]!);
    }
  }
  const order = (k: string | number | null) => (k === null ? '\uffff' : k === '全市' ? '\ufffe' : k);
  return new Map(
    [...groups.entries()].sort(([a], [b]) =>
      typeof a === 'number' && typeof b === 'number' ? a - b : order(a) < order(b) ? -1 : 1,
    ),
  );
}
