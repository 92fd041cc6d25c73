import { HEALTH_COLOURS, MILESTONE_LIFECYCLES, SCHEDULE_STATES } from '@app/milestones';
import { assertUnreachable } from '@app/platform';
import type { BoardEvaluation } from './board-evaluation';
import { ABSENT } from './board-evaluation-arrays';
import type { AssignmentEntry, MilestoneEntry } from './board-entries';
import type { EventLoopTurns } from './event-loop-turns';
import type { MilestoneFilter, MilestoneSortKey, Paging } from './read-model-params';

/*
 * Filters and sorts over an evaluated board. Plan filters (zone — 全市 for the city-wide —, district, unit and role,
 * section, text, ids) read the milestone's plan data; the others (year, lifecycle, schedule, health) its state as
 * of the date, or, for an assignment (`assignmentFilter`: a unit's own share), the assignment's own state.
 */

const indexes = <T extends string>(all: readonly T[], some: readonly T[] | undefined) =>
  some === undefined ? undefined : new Set(some.map((x) => all.indexOf(x)));

/** The filter on plan data; undefined = every milestone. */
export function planFilter(f: MilestoneFilter): ((m: MilestoneEntry) => boolean) | undefined {
  const tests: ((m: MilestoneEntry) => boolean)[] = [];
  const { zone, district, unit, role, section } = f;
  if (zone !== undefined) tests.push((m) => m.zones.values.includes(zone));
  if (district !== undefined) tests.push((m) => m.districts.values.includes(district));
  if (unit !== undefined) {
    if (role === 'lead') tests.push((m) => m.lead.values.includes(unit));
    else if (role === 'cooperating') tests.push((m) => m.cooperating.values.includes(unit));
    else tests.push((m) => m.lead.values.includes(unit) || m.cooperating.values.includes(unit));
  }
  if (section !== undefined) tests.push((m) => m.section === section);
  if (f.q !== undefined) {
    const q = f.q.toLowerCase();
    tests.push((m) => m.search.includes(q));
  }
  if (f.ids !== undefined) {
    const ids = new Set(f.ids);
    tests.push((m) => ids.has(m.id));
  }
  if (tests.length === 0) return undefined;
  return (m) => {
    for (const t of tests) if (!t(m)) return false;
    return true;
  };
}

/** The state filters (lifecycle, schedule, health) on indexes into an evaluation's arrays. */
function stateTests(
  f: MilestoneFilter,
  life: Uint8Array,
  sched: Uint8Array,
  health: Uint8Array,
): ((i: number) => boolean)[] {
  const tests: ((i: number) => boolean)[] = [];
  const lifecycles = indexes(MILESTONE_LIFECYCLES, f.lifecycles);
  const schedules = indexes(SCHEDULE_STATES, f.schedules);
  const healths = indexes(HEALTH_COLOURS, f.healths);
  if (lifecycles !== undefined) tests.push((i) => lifecycles.has(life[i]!));
  if (schedules !== undefined) tests.push((i) => schedules.has(sched[i]!));
  if (healths !== undefined) tests.push((i) => healths.has(health[i]!));
  return tests;
}

/** The filter's own tests on milestones in the plan as of the date (plan data, year, state); undefined: none. */
export function milestoneFilter(
  f: MilestoneFilter,
  ev: BoardEvaluation,
): ((m: MilestoneEntry) => boolean) | undefined {
  const plan = planFilter(f);
  const state = stateTests(f, ev.mLife, ev.mSched, ev.mHealth);
  const year = f.year;
  if (plan === undefined && state.length === 0 && year === undefined) return undefined;
  return (m) => {
    const i = m.index;
    for (const t of state) if (!t(i)) return false;
    if (year !== undefined && ev.mYear[i] !== year) return false;
    return plan === undefined || plan(m);
  };
}

/**
 * The filter's own tests on assignments in the plan: their milestone's plan data and year, their own state;
 * undefined: none. Written apart from `milestoneFilter` (one closure shape per caller: the lists' hot loop).
 */
export function assignmentFilter(
  f: MilestoneFilter,
  ev: BoardEvaluation,
): ((a: AssignmentEntry) => boolean) | undefined {
  const plan = planFilter(f);
  const state = stateTests(f, ev.aLife, ev.aSched, ev.aHealth);
  const year = f.year;
  if (plan === undefined && state.length === 0 && year === undefined) return undefined;
  return (a) => {
    for (const t of state) if (!t(a.index)) return false;
    if (year !== undefined && ev.mYear[a.milestone.index] !== year) return false;
    return plan === undefined || plan(a.milestone);
  };
}

/**
 * Per share (分别牵头): the keys of a passing milestone's assignments that match the filter themselves — led by
 * the unit (or the unit cooperates on the milestone, unless role=lead), and their own lifecycle, schedule and
 * health — for exports listing one row per share (the 督办台账). Undefined when every share is shown: no unit
 * (or role=cooperating, a milestone-wide role) and no state filter.
 */
export function sharesPassing(
  f: MilestoneFilter,
  ev: BoardEvaluation,
): ((m: MilestoneEntry) => string[]) | undefined {
  const state = stateTests(f, ev.aLife, ev.aSched, ev.aHealth);
  const { unit, role } = f;
  const byUnit = unit !== undefined && role !== 'cooperating';
  if (!byUnit && state.length === 0) return undefined;
  const life = ev.aLife;
  return (m) => {
    const wholeByUnit = role === undefined && unit !== undefined && m.cooperating.values.includes(unit);
    const live = m.assignments.filter((a) => life[a.index] !== ABSENT);
    const mine = (a: (typeof live)[number]) => !byUnit || wholeByUnit || a.leads.values.includes(unit);
    const matches = (a: (typeof live)[number]) => state.every((t) => t(a.index));
    // A state only the whole has (推进中, of shares that disagree) matches no single share: then each of its shares
    // (of the unit) stands for it, so a milestone the list keeps keeps its rows. Otherwise a row matches itself.
    const whole = !live.some(matches);
    return live.filter((a) => mine(a) && (whole || matches(a))).map((a) => a.key);
  };
}

/** The whole filter on milestones as of the evaluation's date: in the plan then, plan data and state. */
export function milestonePasses(f: MilestoneFilter, ev: BoardEvaluation): (m: MilestoneEntry) => boolean {
  const own = milestoneFilter(f, ev);
  const life = ev.mLife;
  if (own === undefined) return (m) => life[m.index] !== ABSENT;
  return (m) => life[m.index] !== ABSENT && own(m);
}

const HEALTH_RANK = new Int8Array(HEALTH_COLOURS.map((h) => ({ red: 0, amber: 1, grey: 2, green: 3 })[h]));

function sortKey(sort: MilestoneSortKey, ev: BoardEvaluation): (m: MilestoneEntry) => string | number {
  switch (sort) {
    case 'dueDate':
      return (m) => ev.mDue[m.index]!;
    case 'baselineDueDate':
      return (m) => ev.mBaseline[m.index]!;
    case 'daysLate':
      return (m) => ev.mLate[m.index]!;
    case 'percent':
      return (m) => {
        const p = ev.mPercent[m.index]!;
        return Number.isNaN(p) ? -1 : p;
      };
    case 'lastReportOn':
      return (m) => ev.mLastReport[m.index]!; // NO_DAY (none) sorts first
    case 'health':
      return (m) => HEALTH_RANK[ev.mHealth[m.index]!]!;
    case 'task':
      return (m) => m.taskNo;
    case 'id':
      return (m) => m.id;
    default:
      return assertUnreachable(sort, 'sort key');
  }
}

/** The milestones that pass, in board order, scanned in `turns`. */
export async function passing(
  milestones: readonly MilestoneEntry[],
  keep: (m: MilestoneEntry) => boolean,
  turns: EventLoopTurns,
): Promise<MilestoneEntry[]> {
  const kept: MilestoneEntry[] = [];
  await turns.scan(milestones.length, (from, to) => {
    for (let k = from; k < to; k++) if (keep(milestones[k]!)) kept.push(milestones[k]!);
  });
  return kept;
}

/** Sorts and pages the milestones that pass (key, then id), scanned in `turns`. */
export async function pageOf(
  milestones: readonly MilestoneEntry[],
  keep: (m: MilestoneEntry) => boolean,
  paging: Paging,
  ev: BoardEvaluation,
  turns: EventLoopTurns,
): Promise<{ total: number; entries: MilestoneEntry[] }> {
  const key = sortKey(paging.sort, ev);
  const dir = paging.descending ? -1 : 1;
  const matching: { k: string | number; m: MilestoneEntry }[] = [];
  await turns.scan(milestones.length, (from, to) => {
    for (let k = from; k < to; k++) {
      const m = milestones[k]!;
      if (keep(m)) matching.push({ k: key(m), m });
    }
  });
  type Item = (typeof matching)[number];
  const compare = (a: Item, b: Item) =>
    a.k < b.k ? -dir : a.k > b.k ? dir : a.m.id < b.m.id ? -1 : a.m.id > b.m.id ? 1 : 0;
  const from = (paging.page - 1) * paging.pageSize;
  const wanted = from + paging.pageSize;
  // The first pages (the usual case) need only the smallest `wanted`: keep them sorted while scanning.
  let top: Item[];
  if (wanted * 8 < matching.length) {
    const kept: Item[] = (top = []);
    await turns.scan(matching.length, (from, to) => {
      for (let k = from; k < to; k++) {
        const x = matching[k]!;
        if (kept.length === wanted && compare(x, kept[wanted - 1]!) >= 0) continue;
        let lo = 0;
        let hi = kept.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (compare(kept[mid]!, x) <= 0) lo = mid + 1;
          else hi = mid;
        }
        kept.splice(lo, 0, x);
        if (kept.length > wanted) kept.pop();
      }
    });
  } else {
    top = await turns.sort(matching, compare);
  }
  return { total: matching.length, entries: top.slice(from, wanted).map((x) => x.m) };
}
