import { Injectable } from '@nestjs/common';
import { assertUnreachable } from '@app/platform';
import { HEALTH_COLOURS, type HealthColour } from '../rules/health';
import { MILESTONE_LIFECYCLES, type MilestoneLifecycle } from '../rules/milestone-facts';
import { SCHEDULE_STATES, type ScheduleState } from '../rules/schedule';
import { ReadModelContext } from '../milestone-board/read-model-context';
import { countRows, CurrentBoard, entryFilter, type CountRow } from './current-board';
import { factsSourceMode, factsSourceSql, SqlParams } from './facts-source';
import { header, type AsOfHeader } from './milestone-board.queries';
import { parseMilestoneFilter, parseTimeTravel, type MilestoneFilterParams } from './read-model-params';
import { ReadModelReferenceData, type ReferenceData } from './reference-data';
import { ReadSnapshot } from './read-snapshot';

export const STATS_DIMENSIONS = ['zones', 'districts', 'units', 'sections', 'years'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

/** Counts, never an average colour. */
export interface GroupStats {
  /** Milestones in the group (as of the date; a milestone in two zones counts in both). */
  readonly total: number;
  readonly lifecycle: Readonly<Record<MilestoneLifecycle, number>>;
  readonly schedule: Readonly<Record<ScheduleState, number>>;
  readonly health: Readonly<Record<HealthColour, number>>;
  /** Grey because nobody reported within the cadence (open milestones; cancelled ones are grey too). */
  readonly noRecentReport: number;
  /** Accepted (已销号). */
  readonly completed: number;
  /** completed ÷ (total − cancelled − withdrawn); null when nothing is assessed. */
  readonly completionRate: number | null;
  /** completed on time ÷ (completed on time + completed late + overdue); null when none is due or done. */
  readonly onTimeRate: number | null;
  readonly overdue: number;
  /** Milestones late by at least one day: completed late, or overdue so far. */
  readonly late: number;
  /** Mean and maximum days late over `late` (null when none). */
  readonly meanDaysLate: number | null;
  readonly maxDaysLate: number | null;
}

export interface StatsGroup extends GroupStats {
  /** Zone / district name, unit id, section number or year; null: milestones with no zone (全市性事项). */
  readonly key: string | number | null;
  readonly name: string;
}

/** Units: lead (牵头) and cooperating (配合) milestones apart. */
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
}

class Accumulator {
  total = 0;
  lifecycle = zeros(MILESTONE_LIFECYCLES);
  schedule = zeros(SCHEDULE_STATES);
  health = zeros(HEALTH_COLOURS);
  noRecentReport = 0;
  late = 0;
  lateSum = 0;
  lateMax: number | null = null;

  add(r: CountRow): void {
    this.total += r.n;
    this.lifecycle[r.lifecycle] += r.n;
    this.schedule[r.schedule] += r.n;
    this.health[r.health] += r.n;
    if (r.health === 'grey' && r.lifecycle !== 'cancelled' && r.lifecycle !== 'withdrawn') {
      this.noRecentReport += r.n;
    }
    this.late += r.late;
    this.lateSum += r.late_sum;
    if (r.late_max !== null && (this.lateMax === null || r.late_max > this.lateMax))
      this.lateMax = r.late_max;
  }

  result(): GroupStats {
    const assessed = this.total - this.lifecycle.cancelled - this.lifecycle.withdrawn;
    const judged = this.schedule.completed_on_time + this.schedule.completed_late + this.schedule.overdue;
    return {
      total: this.total,
      lifecycle: this.lifecycle,
      schedule: this.schedule,
      health: this.health,
      noRecentReport: this.noRecentReport,
      completed: this.lifecycle.accepted,
      completionRate: assessed > 0 ? round(this.lifecycle.accepted / assessed, 4) : null,
      onTimeRate: judged > 0 ? round(this.schedule.completed_on_time / judged, 4) : null,
      overdue: this.schedule.overdue,
      late: this.late,
      meanDaysLate: this.late > 0 ? round(this.lateSum / this.late, 1) : null,
      maxDaysLate: this.lateMax,
    };
  }
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const NO_ZONE = '未指定功能区（全市性事项）';

/**
 * Roll-ups per zone, district, unit (lead / cooperating), section and year, at any date and as known at any
 * time. Today with everything known: counted on the board in memory (`CurrentBoard`). Otherwise one SQL
 * aggregate over the facts source (`facts-source.ts`), grouped by the group column itself — arrays for zones,
 * districts and units, which have few distinct values — and the three axes, remembered by position
 * (`ReadSnapshot.cached`). Either way the count rows are spread over their groups here; rates and means are
 * computed from the counts, never from colours.
 */
@Injectable()
export class MilestoneStatsQueries {
  constructor(
    private readonly context: ReadModelContext,
    private readonly snapshot: ReadSnapshot,
    private readonly reference: ReadModelReferenceData,
    private readonly board: CurrentBoard,
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
    const report = (rows: readonly CountRow[], position: number) => {
      const overall = new Accumulator();
      for (const r of rows) overall.add(r);
      const groups = dimension === 'units' ? unitGroups(rows, ref) : plainGroups(dimension, rows, ref);
      return { ...header(tt, position), dimension, groups, overall: overall.result() };
    };
    const today = this.context.today();
    if (tt.knownAt === null && tt.asOf === today) {
      // Today with everything known: the board in memory.
      const key = JSON.stringify(['stats', dimension, filter]);
      const now = await this.board.use(today, async (_m, position, board) =>
        board?.remember(key, async () =>
          report(countRows(board.entries, dimension, entryFilter(filter)), position),
        ),
      );
      if (now !== undefined) return now;
    }
    return this.snapshot.cached(JSON.stringify(['stats', dimension, tt, filter]), async (m, position) => {
      const mode = await factsSourceMode(m, tt);
      const p = new SqlParams();
      const [k, a1, a2] = groupColumns(dimension);
      const rows = await m.query<CountRow[]>(
        `SELECT ${k} AS k, ${a1} AS a1, ${a2} AS a2, s.lifecycle, s.schedule, s.health, count(*)::int AS n,
                count(s.days_late)::int AS late, coalesce(sum(s.days_late), 0)::int AS late_sum,
                max(s.days_late) AS late_max
           FROM (${factsSourceSql(tt, filter, p, mode)}) s
          GROUP BY 1, 2, 3, 4, 5, 6`,
        p.values,
      );
      return report(rows, position);
    });
  }
}

/** [scalar key, first array, second array] to group by. */
function groupColumns(dimension: StatsDimension): [string, string, string] {
  const none = 'NULL::text[]';
  switch (dimension) {
    case 'zones':
      return ['NULL::int', 's.zones', none];
    case 'districts':
      return ['NULL::int', 's.districts', none];
    case 'units':
      return ['NULL::int', 's.lead_units', 's.cooperating_units'];
    case 'sections':
      return ['s.section', none, none];
    case 'years':
      return ['s.year', none, none];
    default:
      return assertUnreachable(dimension, 'stats dimension');
  }
}

function plainGroups(
  dimension: Exclude<StatsDimension, 'units'>,
  rows: readonly CountRow[],
  ref: ReferenceData,
): StatsGroup[] {
  const acc = new Map<string | number | null, Accumulator>();
  const into = (key: string | number | null, r: CountRow) => {
    let a = acc.get(key);
    if (a === undefined) acc.set(key, (a = new Accumulator()));
    a.add(r);
  };
  for (const r of rows) {
    if (dimension === 'zones' || dimension === 'districts') {
      const keys = r.a1 ?? [];
      if (keys.length === 0) into(null, r);
      for (const key of new Set(keys)) into(key, r);
    } else {
      into(r.k, r);
    }
  }
  const name = (key: string | number | null): string => {
    if (key === null) return NO_ZONE;
    if (dimension === 'sections') return ref.sections.get(Number(key)) ?? `第${key}板块`;
    if (dimension === 'years') return `${key}年`;
    return String(key);
  };
  return [...acc.entries()]
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([key, a]) => ({ key, name: name(key), ...a.result() }));
}

function unitGroups(rows: readonly CountRow[], ref: ReferenceData): UnitStatsGroup[] {
  const acc = new Map<string, { lead: Accumulator; cooperating: Accumulator }>();
  const of = (unit: string) => {
    let a = acc.get(unit);
    if (a === undefined) acc.set(unit, (a = { lead: new Accumulator(), cooperating: new Accumulator() }));
    return a;
  };
  for (const r of rows) {
    for (const u of new Set(r.a1 ?? [])) of(u).lead.add(r);
    for (const u of new Set(r.a2 ?? [])) of(u).cooperating.add(r);
  }
  return [...acc.entries()]
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([key, a]) => ({
      key,
      name: ref.units.get(key) ?? key,
      lead: a.lead.result(),
      cooperating: a.cooperating.result(),
    }));
}

function compareKeys(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}
