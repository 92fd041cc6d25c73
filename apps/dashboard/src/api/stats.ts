/**
 * The roll-up stats of the read models (GET /api/v1/stats/{dimension}): the OpenAPI document's schemas (generated
 * `openapi.d.ts`), read into the flat groups the pages use, with what the rates mean (`definitions`) and, by zone,
 * how many city-wide (全市) milestones a zone leaves out.
 */
import { getJson, type Query } from './client';
import type { components } from './openapi';

type Schemas = components['schemas'];

/** A figure's definition as the API states it next to the figure. */
export type Definition = Schemas['RateDefinitionDto'];

export type StatsDefinitions = Schemas['StatsDefinitionsDto'];

/** A group's figures as they come: the overall ones, a unit's lead or cooperating side, or a group of a dimension. */
type RawGroupStats = Schemas['GroupStatsDto'] & Pick<Schemas['StatsGroupDto'], 'cityWideExcluded'>;

/**
 * Counts by lifecycle, schedule and health of a group (never an average colour), the rates (0–1; 按期完成率（已到期）:
 * completed on time ÷ (on time + late + overdue)) and lateness.
 */
export type GroupStats = Omit<RawGroupStats, 'cityWideExcluded'> & {
  readonly key: string;
  readonly label: string;
  /** Zones: the city-wide (全市) milestones this zone leaves out (0 on the 全市 group itself). */
  readonly cityWideExcluded: number | null;
};

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

export type StatsDimension = Schemas['StatsDimension'];

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
  unitRole: Schemas['UnitRole'] = 'lead',
): Promise<Stats> {
  if (dimension === 'units') {
    const r = await getJson<Schemas['UnitStatsReportDto']>('/api/v1/stats/units', { query, asOf: true });
    return {
      groups: r.groups.map((g) => toGroup(g.key, g.name, g[unitRole])).filter((g) => g.total > 0),
      overall: toGroup('all', '全部', r.overall),
      position: r.position,
      definitions: r.definitions,
      cityWideExcluded: null,
    };
  }
  const r = await getJson<Schemas['StatsReportDto']>(`/api/v1/stats/${dimension}`, { query, asOf: true });
  return {
    groups: r.groups.map((g) => toGroup(g.key, g.name, g)),
    overall: toGroup('all', '全部', r.overall),
    position: r.position,
    definitions: r.definitions,
    cityWideExcluded: r.cityWideExcluded ?? null,
  };
}
