import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertUnreachable, type IsoDate } from '@app/platform';
import { selectFacts, stateFromRow, type FactsRow } from '../milestone-board/milestone-board.rows';
import { factsOf } from '../milestone-board/facts-state';
import { HEALTH_COLOURS, type HealthColour } from '../rules/health';
import { MILESTONE_LIFECYCLES, type MilestoneFacts, type MilestoneLifecycle } from '../rules/milestone-facts';
import { scheduleAt, SCHEDULE_STATES, type ScheduleState } from '../rules/schedule';
import { factsSourceMode } from './facts-source';
import type { MilestoneFilter, MilestoneSortKey, Paging } from './read-model-params';
import { ReadSnapshot } from './read-snapshot';

/*
 * The board as of today with everything known — the question a dashboard asks again and again — answered in
 * memory: each API process keeps the board rows it needs for filtering, sorting and counting (≈ 500 bytes a
 * milestone), brought up to the projection's checkpoint by reading only the rows written since (index on
 * `position`), and evaluated at today's date (schedule with `scheduleAt`, health from the latest version's
 * steps: the same rules and the same answers as the SQL path, which serves every other date and knowledge;
 * the integration test compares the two). A scan and aggregation of 100,000 rows in SQL costs 100–250 ms on
 * the benchmark machine; here it is a loop over plain objects, and a new event costs one indexed read of the
 * rows it changed. Answers are also remembered by (position, today, query) until the next event.
 */

const HEALTH_RANK: Readonly<Record<HealthColour, number>> = { red: 0, amber: 1, grey: 2, green: 3 };
const MAX_ANSWERS = 200;

interface BoardEntryRow extends FactsRow {
  milestone_id: string;
  task_no: number;
  section: number;
  task_title: string;
  text: string;
  zones: string[];
  districts: string[];
  lead_units: string[];
  cooperating_units: string[];
  health_on: IsoDate[];
  health_colour: HealthColour[];
}

const SELECT_ENTRIES = `SELECT milestone_id, task_no, section, task_title, text, zones, districts, lead_units,
  cooperating_units, ${selectFacts('b')}, to_json(health_on) AS health_on, to_json(health_colour) AS health_colour
  FROM rm_milestones b`;

/** A group array (zones, districts, lead or cooperating units), interned: one object and id per content. */
interface Group {
  readonly id: number;
  readonly values: readonly string[];
}

export interface BoardEntry {
  readonly id: string;
  readonly taskNo: number;
  readonly section: number;
  readonly year: number;
  /** Lower-cased text, task title and id, for `q`. */
  readonly search: string;
  readonly zones: Group;
  readonly districts: Group;
  readonly lead: Group;
  readonly cooperating: Group;
  readonly facts: MilestoneFacts;
  readonly healthOn: readonly IsoDate[];
  readonly healthColour: readonly HealthColour[];
  // Evaluated at `CurrentBoard.evaluatedOn`:
  schedule: ScheduleState;
  daysLate: number | null;
  health: HealthColour;
  /** lifecycle × schedule × health, as one small number (grouping key). */
  state: number;
}

/** A count row as the stats' SQL returns it (see milestone-stats.queries.ts). */
export interface CountRow {
  k: number | null;
  a1: string[] | null;
  a2: string[] | null;
  lifecycle: MilestoneLifecycle;
  schedule: ScheduleState;
  health: HealthColour;
  n: number;
  late: number;
  late_sum: number;
  late_max: number | null;
}

export type CountDimension = 'zones' | 'districts' | 'units' | 'sections' | 'years';

/** What a caller gets: the entries at the snapshot's position, and a memo for answers at that position. */
export interface BoardView {
  readonly entries: readonly BoardEntry[];
  /** `compute()` once per (position, today, key); later calls with the same key return the first answer. */
  remember<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

@Injectable()
export class CurrentBoard {
  private readonly byId = new Map<string, BoardEntry>();
  private entries: BoardEntry[] = [];
  private position = -1;
  private generation = '';
  private evaluatedOn: IsoDate | null = null;
  private readonly groups = new Map<string, Group>();
  private readonly answers = new Map<string, unknown>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly snapshot: ReadSnapshot) {}

  /**
   * Runs `fn` in a read snapshot with the board at the snapshot's position, evaluated on `today` — or, when
   * the board alone does not answer today (an event dated later than today), with `board` undefined (the
   * caller takes the SQL path in the same snapshot). Callers are serialised, so snapshots come in position
   * order; one that goes back (the projection was reset for a rebuild) or of another generation (rebuilt)
   * reloads the board.
   */
  async use<T>(
    today: IsoDate,
    fn: (m: EntityManager, position: number, board: BoardView | undefined) => Promise<T>,
  ): Promise<T> {
    const run = this.queue.then(() =>
      this.snapshot.run(async (m, position, generation) => {
        if ((await factsSourceMode(m, { asOf: today, knownAt: null })) !== 'board') {
          return fn(m, position, undefined);
        }
        if (position < this.position || generation !== this.generation) {
          // Reset for a rebuild, or rebuilt: rows may have changed at positions already read.
          this.byId.clear();
          this.answers.clear();
          this.position = -1;
          this.generation = generation;
        }
        await this.sync(m, position);
        this.evaluate(today);
        const prefix = `${position}|${today}|`;
        const view: BoardView = {
          entries: this.entries,
          remember: async <A>(key: string, compute: () => Promise<A>): Promise<A> => {
            const k = prefix + key;
            if (this.answers.has(k)) return this.answers.get(k) as A;
            const answer = await compute();
            this.answers.set(k, answer);
            if (this.answers.size > MAX_ANSWERS) this.answers.delete(this.answers.keys().next().value!);
            return answer;
          },
        };
        return fn(m, position, view);
      }),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async sync(m: EntityManager, position: number): Promise<void> {
    if (position === this.position) return;
    const full = this.position < 0;
    const rows = full
      ? await m.query<BoardEntryRow[]>(SELECT_ENTRIES)
      : await m.query<BoardEntryRow[]>(`${SELECT_ENTRIES} WHERE position > $1`, [this.position]);
    for (const r of rows) {
      const e = this.entry(r);
      if (this.evaluatedOn !== null) evaluateEntry(e, this.evaluatedOn);
      this.byId.set(r.milestone_id, e);
    }
    if (rows.length > 0) this.entries = [...this.byId.values()];
    this.position = position;
  }

  private entry(r: BoardEntryRow): BoardEntry {
    const facts = factsOf(stateFromRow(r), r.red_flag_in);
    return {
      id: r.milestone_id,
      taskNo: r.task_no,
      section: r.section,
      year: Number(r.baseline_due_date.slice(0, 4)),
      search: `${r.text}\u0000${r.task_title}\u0000${r.milestone_id}`.toLowerCase(),
      zones: this.group(r.zones),
      districts: this.group(r.districts),
      lead: this.group(r.lead_units),
      cooperating: this.group(r.cooperating_units),
      facts,
      healthOn: r.health_on,
      healthColour: r.health_colour,
      schedule: 'not_due',
      daysLate: null,
      health: 'grey',
      state: 0,
    };
  }

  private group(values: readonly string[]): Group {
    const key = values.join('\u0000');
    let g = this.groups.get(key);
    if (g === undefined) this.groups.set(key, (g = { id: this.groups.size + 1, values: [...values] }));
    return g;
  }

  private evaluate(today: IsoDate): void {
    if (this.evaluatedOn === today) return;
    for (const e of this.entries) evaluateEntry(e, today);
    this.evaluatedOn = today;
  }
}

function evaluateEntry(e: BoardEntry, on: IsoDate): void {
  const s = scheduleAt(e.facts, on);
  e.schedule = s.state;
  e.daysLate = s.daysLate !== undefined && s.daysLate > 0 ? s.daysLate : null;
  // The health step in force on `on` (the board's version starts on or before it: see factsSourceMode).
  let i = 0;
  while (i + 1 < e.healthOn.length && e.healthOn[i + 1]! <= on) i++;
  e.health = e.healthColour[i] ?? 'grey';
  e.state =
    MILESTONE_LIFECYCLES.indexOf(e.facts.lifecycle) * 64 +
    SCHEDULE_STATES.indexOf(e.schedule) * 8 +
    HEALTH_COLOURS.indexOf(e.health);
}

/** The filter as a predicate on entries (same meaning as the SQL filters of facts-source.ts); undefined = all. */
export function entryFilter(f: MilestoneFilter): ((e: BoardEntry) => boolean) | undefined {
  const tests: ((e: BoardEntry) => boolean)[] = [];
  const { zone, district, unit, role, section, year, lifecycles, schedules, healths } = f;
  if (zone !== undefined) tests.push((e) => e.zones.values.includes(zone));
  if (district !== undefined) tests.push((e) => e.districts.values.includes(district));
  if (unit !== undefined) {
    if (role === 'lead') tests.push((e) => e.lead.values.includes(unit));
    else if (role === 'cooperating') tests.push((e) => e.cooperating.values.includes(unit));
    else tests.push((e) => e.lead.values.includes(unit) || e.cooperating.values.includes(unit));
  }
  if (section !== undefined) tests.push((e) => e.section === section);
  if (year !== undefined) tests.push((e) => e.year === year);
  if (lifecycles !== undefined) tests.push((e) => lifecycles.includes(e.facts.lifecycle));
  if (schedules !== undefined) tests.push((e) => schedules.includes(e.schedule));
  if (healths !== undefined) tests.push((e) => healths.includes(e.health));
  if (f.q !== undefined) {
    const q = f.q.toLowerCase();
    tests.push((e) => e.search.includes(q));
  }
  if (f.ids !== undefined) {
    const ids = new Set(f.ids);
    tests.push((e) => ids.has(e.id));
  }
  if (tests.length === 0) return undefined;
  return (e) => {
    for (const t of tests) if (!t(e)) return false;
    return true;
  };
}

/** Count rows grouped as the stats' SQL groups them, from the entries that pass the filter. */
export function countRows(
  entries: readonly BoardEntry[],
  dimension: CountDimension,
  keep: ((e: BoardEntry) => boolean) | undefined,
): CountRow[] {
  const rows = new Map<number, CountRow>();
  // One number per (group, state): the group's id (or section / year) times 512, plus the state (< 512).
  const groupKey: (e: BoardEntry) => number = (() => {
    switch (dimension) {
      case 'zones':
        return (e: BoardEntry) => e.zones.id;
      case 'districts':
        return (e: BoardEntry) => e.districts.id;
      case 'units':
        return (e: BoardEntry) => e.lead.id * 1_000_003 + e.cooperating.id;
      case 'sections':
        return (e: BoardEntry) => e.section;
      case 'years':
        return (e: BoardEntry) => e.year;
      default:
        return assertUnreachable(dimension, 'stats dimension');
    }
  })();
  for (const e of entries) {
    if (keep !== undefined && !keep(e)) continue;
    const key = groupKey(e) * 512 + e.state;
    let row = rows.get(key);
    if (row === undefined) {
      const scalar = dimension === 'sections' ? e.section : dimension === 'years' ? e.year : null;
      const a1 =
        dimension === 'zones'
          ? e.zones
          : dimension === 'districts'
            ? e.districts
            : dimension === 'units'
              ? e.lead
              : null;
      row = {
        k: scalar,
        a1: a1 === null ? null : [...a1.values],
        a2: dimension === 'units' ? [...e.cooperating.values] : null,
        lifecycle: e.facts.lifecycle,
        schedule: e.schedule,
        health: e.health,
        n: 0,
        late: 0,
        late_sum: 0,
        late_max: null,
      };
      rows.set(key, row);
    }
    row.n++;
    if (e.daysLate !== null) {
      row.late++;
      row.late_sum += e.daysLate;
      if (row.late_max === null || e.daysLate > row.late_max) row.late_max = e.daysLate;
    }
  }
  return [...rows.values()];
}

/** Sorts and pages entries as the SQL of the milestone list does (key, then id). */
export function pageOf(
  entries: readonly BoardEntry[],
  keep: ((e: BoardEntry) => boolean) | undefined,
  paging: Paging,
): { total: number; ids: string[] } {
  const key = sortKey(paging.sort);
  const dir = paging.descending ? -1 : 1;
  const matching: { k: string | number; e: BoardEntry }[] = [];
  for (const e of entries) if (keep === undefined || keep(e)) matching.push({ k: key(e), e });
  const compare = (a: { k: string | number; e: BoardEntry }, b: { k: string | number; e: BoardEntry }) =>
    a.k < b.k ? -dir : a.k > b.k ? dir : a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0;
  const from = (paging.page - 1) * paging.pageSize;
  const wanted = from + paging.pageSize;
  // The first pages (the usual case) need only the smallest `wanted`: keep them sorted while scanning.
  let top: typeof matching;
  if (wanted * 8 < matching.length) {
    top = [];
    for (const m of matching) {
      if (top.length === wanted && compare(m, top[wanted - 1]!) >= 0) continue;
      let lo = 0;
      let hi = top.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compare(top[mid]!, m) <= 0) lo = mid + 1;
        else hi = mid;
      }
      top.splice(lo, 0, m);
      if (top.length > wanted) top.pop();
    }
  } else {
    top = matching.sort(compare);
  }
  return { total: matching.length, ids: top.slice(from, wanted).map((m) => m.e.id) };
}

function sortKey(sort: MilestoneSortKey): (e: BoardEntry) => string | number {
  switch (sort) {
    case 'dueDate':
      return (e) => e.facts.dueDate;
    case 'baselineDueDate':
      return (e) => e.facts.baselineDueDate;
    case 'daysLate':
      return (e) => e.daysLate ?? 0;
    case 'percent':
      return (e) => e.facts.percent ?? -1;
    case 'lastReportOn':
      return (e) => e.facts.lastReportOn ?? '0001-01-01';
    case 'health':
      return (e) => HEALTH_RANK[e.health];
    case 'task':
      return (e) => e.taskNo;
    case 'id':
      return (e) => e.id;
    default:
      return assertUnreachable(sort, 'sort key');
  }
}
