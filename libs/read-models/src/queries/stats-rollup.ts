import { CITY_WIDE_ZONE } from '@app/milestones';
import { assertUnreachable } from '@app/platform';
import type { BoardEvaluation } from './board-evaluation';
import { ABSENT } from './board-evaluation-arrays';
import type { AssignmentEntry, Group, MilestoneEntry } from './board-entries';
import type { BoardView } from './board-memory';
import { assignmentFilter, milestoneFilter } from './board-selection';
import type { MilestoneFilter } from './read-model-params';
import type { ReferenceData } from './reference-data';
import { GroupCounts, type GroupStats } from './stats-accumulator';

export const STATS_DIMENSIONS = ['zones', 'districts', 'units', 'sections', 'years'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

export interface StatsGroup extends GroupStats {
  /**
   * Zone name (全市 for the city-wide milestones), district name (null: milestones naming no district), section
   * number or year.
   */
  readonly key: string | number | null;
  readonly name: string;
  /** Zones: city-wide (全市) milestones this group leaves out (they are in the 全市 group); 0 on the 全市 group. */
  readonly cityWideExcluded?: number;
}

/**
 * Units: `lead` counts the unit's own assignments (承办事项: its share of a 分别牵头 milestone, or the milestone it
 * leads alone or jointly), each by its own lifecycle, schedule and health; `cooperating` the milestones it
 * cooperates on (配合), by the milestone's state.
 */
export interface UnitStatsGroup {
  readonly key: string;
  readonly name: string;
  readonly lead: GroupStats;
  readonly cooperating: GroupStats;
}

/** What a roll-up counts: every milestone once, and the groups of the dimension. */
export interface RollUp {
  readonly overall: GroupStats;
  readonly groups: readonly (StatsGroup | UnitStatsGroup)[];
  /** Zones only: the city-wide (全市) milestones the named zones leave out. */
  readonly cityWideExcluded?: number;
}

const NO_DISTRICT = '未指定市（区）';

/**
 * Counts the board evaluated as of a date: one pass over the milestones (and, for units, one over the
 * assignments), in the board's turns (`EventLoopTurns.scan`), each added by number to its group's slots (`GroupCounts`): an interned group of zones, districts
 * or units by its id, a section or a year by its number. A group's counts then go to each of its values (a
 * milestone in two zones counts in both). Milestones are counted by their state derived from their assignments, a
 * unit's lead side by its own assignments.
 */
export async function rollUp(
  dimension: StatsDimension,
  board: BoardView,
  filter: MilestoneFilter,
  ev: BoardEvaluation,
  ref: ReferenceData,
): Promise<RollUp> {
  const keep = milestoneFilter(filter, ev);
  const overall = new GroupCounts();
  const counts = new GroupCounts();
  const groups: Group[] = [];
  const groupOf = groupKey(dimension, ev);
  const { mLife: life, mSched: sched, mHealth: health, mLate: late } = ev;
  const milestones = board.milestones;
  await board.turns.scan(milestones.length, (from, to) => {
    for (let k = from; k < to; k++) {
      const m = milestones[k]!;
      const i = m.index;
      if (life[i] === ABSENT || (keep !== undefined && !keep(m))) continue;
      overall.add(0, life[i]!, sched[i]!, health[i]!, late[i]!);
      const g = groupOf(m, i);
      if (typeof g !== 'number') groups[g.id] = g;
      counts.add(typeof g === 'number' ? g : g.id, life[i]!, sched[i]!, health[i]!, late[i]!);
    }
  });
  if (dimension === 'units') {
    const lead = await leadCounts(board, assignmentFilter(filter, ev), ev, groups);
    return { overall: overall.result(0), groups: unitGroups(lead, counts, groups, ref) };
  }
  const named = plainGroups(dimension, counts, groups, ref);
  if (dimension !== 'zones') return { overall: overall.result(0), groups: named };
  let cityWide = 0;
  for (const id of counts.ids) if (groups[id]!.values.includes(CITY_WIDE_ZONE)) cityWide += counts.total(id);
  return {
    overall: overall.result(0),
    cityWideExcluded: cityWide,
    groups: named.map((g) => ({ ...g, cityWideExcluded: g.key === CITY_WIDE_ZONE ? 0 : cityWide })),
  };
}

/** What a milestone is counted under: an interned group, or a number (section, year). */
function groupKey(
  dimension: StatsDimension,
  ev: BoardEvaluation,
): (m: MilestoneEntry, i: number) => Group | number {
  switch (dimension) {
    case 'zones':
      return (m) => m.zones;
    case 'districts':
      return (m) => m.districts;
    case 'units':
      return (m) => m.cooperating;
    case 'sections':
      return (m) => m.section;
    case 'years':
      return (_m, i) => ev.mYear[i]!;
    default:
      return assertUnreachable(dimension, 'stats dimension');
  }
}

/** The units' own assignments, counted per interned group of lead units. */
async function leadCounts(
  board: BoardView,
  keep: ((a: AssignmentEntry) => boolean) | undefined,
  ev: BoardEvaluation,
  groups: Group[],
): Promise<GroupCounts> {
  const lead = new GroupCounts();
  const { aLife: life, aSched: sched, aHealth: health, aLate: late } = ev;
  const assignments = board.assignments;
  await board.turns.scan(assignments.length, (from, to) => {
    for (let k = from; k < to; k++) {
      const a = assignments[k]!;
      const j = a.index;
      if (life[j] === ABSENT || (keep !== undefined && !keep(a))) continue;
      groups[a.leads.id] = a.leads;
      lead.add(a.leads.id, life[j]!, sched[j]!, health[j]!, late[j]!);
    }
  });
  return lead;
}

function plainGroups(
  dimension: Exclude<StatsDimension, 'units'>,
  counts: GroupCounts,
  groups: readonly Group[],
  ref: ReferenceData,
): StatsGroup[] {
  const keys: (string | number | null)[] = [];
  const perKey = new GroupCounts();
  const into = (key: string | number | null, id: number) => {
    let k = keys.indexOf(key);
    if (k < 0) k = keys.push(key) - 1;
    perKey.merge(k, counts, id);
  };
  for (const id of counts.ids) {
    if (dimension === 'sections' || dimension === 'years') into(id, id);
    else if (groups[id]!.values.length === 0) into(null, id);
    else for (const v of groups[id]!.values) into(v, id);
  }
  const name = (key: string | number | null): string => {
    if (key === null) return NO_DISTRICT;
    if (dimension === 'sections') return ref.sections.get(Number(key)) ?? `第${key}板块`;
    if (dimension === 'years') return `${key}年`;
    return String(key);
  };
  return keys
    .map((key, k) => ({ key, k }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ key, k }) => ({ key, name: name(key), ...perKey.result(k) }));
}

/** Each group's counts added to every unit of the group: lead (assignments) and cooperating (milestones). */
function unitGroups(
  lead: GroupCounts,
  cooperating: GroupCounts,
  groups: readonly Group[],
  ref: ReferenceData,
): UnitStatsGroup[] {
  const units: string[] = [];
  const index = new Map<string, number>();
  const perUnit = { lead: new GroupCounts(), cooperating: new GroupCounts() };
  const spread = (from: GroupCounts, into: GroupCounts) => {
    for (const id of from.ids) {
      for (const u of groups[id]!.values) {
        let k = index.get(u);
        if (k === undefined) index.set(u, (k = units.push(u) - 1));
        into.merge(k, from, id);
      }
    }
  };
  spread(lead, perUnit.lead);
  spread(cooperating, perUnit.cooperating);
  return units
    .map((key, k) => ({ key, k }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ key, k }) => ({
      key,
      name: ref.units.get(key) ?? key,
      lead: perUnit.lead.result(k),
      cooperating: perUnit.cooperating.result(k),
    }));
}

function compareKeys(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a === CITY_WIDE_ZONE) return 1;
  if (b === CITY_WIDE_ZONE) return -1;
  return String(a) < String(b) ? -1 : 1;
}
