/**
 * The roll-up stats of the read models (GET /api/v1/stats/{dimension}), read into the flat groups the pages use,
 * with what the rates mean (`definitions`) and, by zone, how many city-wide (全市) milestones a zone leaves out.
 */
import { getJson, type Query } from './client';

export type Counts = Record<string, number>;

/** A figure's definition as the API states it next to the figure. */
export interface Definition {
  readonly en: string;
  readonly zh: string;
}

/** Counts by lifecycle, schedule and health of a group: never an average colour. */
export interface GroupStats {
  readonly key: string;
  readonly label: string;
  readonly total: number;
  readonly lifecycle: Counts;
  readonly schedule: Counts;
  readonly health: Counts;
  readonly noRecentReport: number;
  readonly completed: number;
  /** 0–1 */
  readonly completionRate: number | null;
  /** 按期完成率（已到期）, 0–1: completed on time ÷ (on time + late + overdue). */
  readonly punctualityRate: number | null;
  readonly overdue: number;
  readonly late: number;
  readonly meanDaysLate: number | null;
  readonly maxDaysLate: number | null;
  /** Zones: the city-wide (全市) milestones this zone leaves out (0 on the 全市 group itself). */
  readonly cityWideExcluded: number | null;
}

interface RawGroupStats {
  readonly total: number;
  readonly lifecycle: Counts;
  readonly schedule: Counts;
  readonly health: Counts;
  readonly noRecentReport: number;
  readonly completed: number;
  readonly completionRate: number | null;
  readonly punctualityRate: number | null;
  readonly overdue: number;
  readonly late: number;
  readonly meanDaysLate: number | null;
  readonly maxDaysLate: number | null;
  readonly cityWideExcluded?: number;
}

interface StatsReport<G> {
  readonly position: number;
  readonly groups: readonly G[];
  readonly overall: RawGroupStats;
  readonly cityWideExcluded?: number;
  readonly definitions: StatsDefinitions;
}

export interface StatsDefinitions {
  readonly completionRate: Definition;
  readonly punctualityRate: Definition;
}

/** The group of the city-wide milestones in the zone roll-up (the API's key and name). */
export const CITY_WIDE = '全市';

function toGroup(key: string | number | null, name: string, g: RawGroupStats): GroupStats {
  return {
    key: key === null ? '' : String(key),
    label: name,
    total: g.total,
    lifecycle: g.lifecycle,
    schedule: g.schedule,
    health: g.health,
    noRecentReport: g.noRecentReport,
    completed: g.completed,
    completionRate: g.completionRate,
    punctualityRate: g.punctualityRate,
    overdue: g.overdue,
    late: g.late,
    meanDaysLate: g.meanDaysLate,
    maxDaysLate: g.maxDaysLate,
    cityWideExcluded: g.cityWideExcluded ?? null,
  };
}

export type StatsDimension = 'zones' | 'districts' | 'units' | 'sections' | 'years';

export interface Stats {
  readonly groups: GroupStats[];
  readonly overall: GroupStats;
  readonly position: number;
  readonly definitions: StatsDefinitions;
  /** Zones only: the city-wide milestones the named zones leave out; null for other dimensions. */
  readonly cityWideExcluded: number | null;
}

/** The groups of a dimension; units come as lead (牵头: the unit's own assignments) or cooperating (配合) figures. */
export async function stats(
  dimension: StatsDimension,
  query: Query = {},
  unitRole: 'lead' | 'cooperating' = 'lead',
): Promise<Stats> {
  if (dimension === 'units') {
    const r = await getJson<
      StatsReport<{ key: string; name: string; lead: RawGroupStats; cooperating: RawGroupStats }>
    >('/api/v1/stats/units', { query, asOf: true });
    return {
      groups: r.groups.map((g) => toGroup(g.key, g.name, g[unitRole])).filter((g) => g.total > 0),
      overall: toGroup('all', '全部', r.overall),
      position: r.position,
      definitions: r.definitions,
      cityWideExcluded: null,
    };
  }
  const r = await getJson<StatsReport<RawGroupStats & { key: string | number | null; name: string }>>(
    `/api/v1/stats/${dimension}`,
    { query, asOf: true },
  );
  return {
    groups: r.groups.map((g) => toGroup(g.key, g.name, g)),
    overall: toGroup('all', '全部', r.overall),
    position: r.position,
    definitions: r.definitions,
    cityWideExcluded: r.cityWideExcluded ?? null,
  };
}
