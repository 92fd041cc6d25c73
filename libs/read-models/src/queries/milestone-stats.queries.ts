import { CITY_WIDE_ZONE } from '@app/milestones';
import { Injectable } from '@nestjs/common';
import { assertUnreachable } from '@app/platform';
import { ReadModelContext } from '../milestone-board/read-model-context';
import type { BoardEvaluation } from './board-evaluation';
import { BoardMemory, type Group, type MilestoneEntry } from './board-memory';
import { assignmentPasses, milestonePasses } from './board-selection';
import { header, type AsOfHeader } from './milestone-board.queries';
import {
  parseMilestoneFilter,
  parseTimeTravel,
  type MilestoneFilter,
  type MilestoneFilterParams,
} from './read-model-params';
import { ReadModelReferenceData, type ReferenceData } from './reference-data';
import { Accumulator, STATS_DEFINITIONS, type GroupStats, type StatsDefinitions } from './stats-accumulator';

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

export interface StatsReport<G> extends AsOfHeader {
  readonly dimension: StatsDimension;
  readonly groups: readonly G[];
  /** Every milestone once. */
  readonly overall: GroupStats;
  /** Zones only: the city-wide (全市) milestones the named zones leave out. */
  readonly cityWideExcluded?: number;
  /** What the rates mean (en, zh). */
  readonly definitions: StatsDefinitions;
}

const NO_DISTRICT = '未指定市（区）';

/**
 * Roll-ups per zone, district, unit (lead / cooperating), section and year, at any date and as known at any
 * time: counted on the board evaluated in memory (`BoardMemory`), remembered by position. Milestones are counted
 * by their state derived from their assignments (`milestoneAnswer`), a unit's lead side by its own assignments;
 * rates and means are computed from the counts, never from colours.
 */
@Injectable()
export class MilestoneStatsQueries {
  constructor(
    private readonly context: ReadModelContext,
    private readonly reference: ReadModelReferenceData,
    private readonly memory: BoardMemory,
  ) {}

  async stats(dimension: 'units', params: MilestoneFilterParams): Promise<StatsReport<UnitStatsGroup>>;
  async stats(
    dimension: Exclude<StatsDimension, 'units'>,
    params: MilestoneFilterParams,
  ): Promise<StatsReport<StatsGroup>>;
  async stats(
    dimension: StatsDimension,
    params: MilestoneFilterParams,
  ): Promise<StatsReport<StatsGroup | UnitStatsGroup>>;
  async stats(
    dimension: StatsDimension,
    params: MilestoneFilterParams,
  ): Promise<StatsReport<StatsGroup | UnitStatsGroup>> {
    const tt = parseTimeTravel(params, this.context.today(), this.context.config.planTimeZone, (ms) =>
      this.context.days.dayOf(ms),
    );
    const filter = parseMilestoneFilter(params);
    const ref = await this.reference.checkFilter(filter);
    return this.memory.use((_m, position, board) =>
      board.remember(JSON.stringify(['stats', dimension, tt, filter]), async () => {
        const ev = board.evaluation(tt);
        const milestones = board.milestones.filter(milestonePasses(filter, ev));
        const overall = new Accumulator();
        for (const m of milestones) add(overall, ev, m);
        const report = {
          ...header(tt, position),
          dimension,
          overall: overall.result(),
          definitions: STATS_DEFINITIONS,
        };
        return Promise.resolve(withGroups(report, dimension, board.milestones, milestones, filter, ev, ref));
      }),
    );
  }
}

/** The report with its groups (zones: and how many city-wide milestones the named zones leave out). */
function withGroups(
  report: Omit<StatsReport<never>, 'groups'>,
  dimension: StatsDimension,
  all: readonly MilestoneEntry[],
  milestones: readonly MilestoneEntry[],
  filter: MilestoneFilter,
  ev: BoardEvaluation,
  ref: ReferenceData,
): StatsReport<StatsGroup | UnitStatsGroup> {
  if (dimension === 'units') return { ...report, groups: unitGroups(all, milestones, filter, ev, ref) };
  const groups = plainGroups(dimension, milestones, ev, ref);
  if (dimension !== 'zones') return { ...report, groups };
  const cityWide = milestones.filter((m) => m.zones.values.includes(CITY_WIDE_ZONE)).length;
  return {
    ...report,
    cityWideExcluded: cityWide,
    groups: groups.map((g) => ({ ...g, cityWideExcluded: g.key === CITY_WIDE_ZONE ? 0 : cityWide })),
  };
}

function add(acc: Accumulator, ev: BoardEvaluation, m: MilestoneEntry): void {
  const i = m.index;
  acc.add(ev.mLife[i]!, ev.mSched[i]!, ev.mHealth[i]!, ev.mLate[i]!);
}

function plainGroups(
  dimension: Exclude<StatsDimension, 'units'>,
  milestones: readonly MilestoneEntry[],
  ev: BoardEvaluation,
  ref: ReferenceData,
): StatsGroup[] {
  const acc = new Map<string | number | null, Accumulator>();
  const into = (key: string | number | null, m: MilestoneEntry) => {
    let a = acc.get(key);
    if (a === undefined) acc.set(key, (a = new Accumulator()));
    add(a, ev, m);
  };
  for (const m of milestones) {
    switch (dimension) {
      case 'zones':
        for (const z of m.zones.values) into(z, m);
        break;
      case 'districts':
        if (m.districts.values.length === 0) into(null, m);
        for (const d of m.districts.values) into(d, m);
        break;
      case 'sections':
        into(m.section, m);
        break;
      case 'years':
        into(ev.mYear[m.index]!, m);
        break;
      default:
        assertUnreachable(dimension, 'stats dimension');
    }
  }
  const name = (key: string | number | null): string => {
    if (key === null) return NO_DISTRICT;
    if (dimension === 'sections') return ref.sections.get(Number(key)) ?? `第${key}板块`;
    if (dimension === 'years') return `${key}年`;
    return String(key);
  };
  return [...acc.entries()]
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([key, a]) => ({ key, name: name(key), ...a.result() }));
}

/**
 * Lead: the unit's own assignments that pass the filter (their own state); cooperating: the milestones. Counted
 * per interned group of units first (an array index, one count per assignment), then each group's counts are
 * added to every unit in it.
 */
function unitGroups(
  all: readonly MilestoneEntry[],
  milestones: readonly MilestoneEntry[],
  filter: MilestoneFilter,
  ev: BoardEvaluation,
  ref: ReferenceData,
): UnitStatsGroup[] {
  const lead = new GroupCounts();
  const cooperating = new GroupCounts();
  const passes = assignmentPasses(filter, ev);
  for (const m of all) {
    for (const a of m.assignments) {
      if (!passes(a)) continue;
      const j = a.index;
      lead.of(a.leads).add(ev.aLife[j]!, ev.aSched[j]!, ev.aHealth[j]!, ev.aLate[j]!);
    }
  }
  for (const m of milestones) add(cooperating.of(m.cooperating), ev, m);
  const byUnit = new Map<string, { lead: Accumulator; cooperating: Accumulator }>();
  const of = (unit: string) => {
    let a = byUnit.get(unit);
    if (a === undefined) byUnit.set(unit, (a = { lead: new Accumulator(), cooperating: new Accumulator() }));
    return a;
  };
  lead.spread((unit, counts) => of(unit).lead.merge(counts));
  cooperating.spread((unit, counts) => of(unit).cooperating.merge(counts));
  return [...byUnit.entries()]
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([key, a]) => ({
      key,
      name: ref.units.get(key) ?? key,
      lead: a.lead.result(),
      cooperating: a.cooperating.result(),
    }));
}

/** Counts per interned group (by its dense id). */
class GroupCounts {
  private readonly counts: (Accumulator | undefined)[] = [];
  private readonly groups: Group[] = [];

  of(g: Group): Accumulator {
    let a = this.counts[g.id];
    if (a === undefined) {
      this.counts[g.id] = a = new Accumulator();
      this.groups.push(g);
    }
    return a;
  }

  /** Each group's counts, once per unit of the group. */
  spread(into: (unit: string, counts: Accumulator) => void): void {
    for (const g of this.groups) for (const u of g.values) into(u, this.counts[g.id]!);
  }
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
