import type { DataSource } from 'typeorm';
import { CITY_WIDE_ZONE } from '@app/milestones';
import { AppError } from '@app/platform';
import type { PlanCatalogQueries } from '@app/plans';

/** The names a filter may use: what the imported plan declares plus what the milestones carry. */
export interface ReferenceData {
  /** Zone names, and 全市 (`CITY_WIDE_ZONE`: the city-wide milestones). */
  readonly zones: ReadonlySet<string>;
  readonly districts: ReadonlySet<string>;
  /** unit id → name (the id itself when the plan does not name it). */
  readonly units: ReadonlyMap<string, string>;
  /** section number → title. */
  readonly sections: ReadonlyMap<number, string>;
}

/** A read of the reference data, and whether it found no plan (none imported, or not projected yet). */
export interface ReferenceRead {
  readonly data: ReferenceData;
  readonly noPlan: boolean;
}

/**
 * Reads the reference data afresh: the names the board table's milestones carry (a DISTINCT over it), and the names
 * and titles the imported plan declares.
 */
export async function readReferenceData(
  dataSource: DataSource,
  catalog: PlanCatalogQueries,
): Promise<ReferenceRead> {
  const [row] = await dataSource.query<
    { zones: string[]; districts: string[]; units: string[]; sections: number[] }[]
  >(
    `SELECT array(SELECT DISTINCT z FROM rm_milestones, unnest(zones) z) AS zones,
              array(SELECT DISTINCT d FROM rm_milestones, unnest(districts) d) AS districts,
              array(SELECT DISTINCT u FROM rm_milestones, unnest(lead_units || cooperating_units) u) AS units,
              array(SELECT DISTINCT section FROM rm_milestones) AS sections`,
  );
  const zones = new Set([...(row?.zones ?? []), CITY_WIDE_ZONE]);
  const districts = new Set(row?.districts ?? []);
  const units = new Map((row?.units ?? []).map((u) => [u, u]));
  const sections = new Map<number, string>((row?.sections ?? []).map((s) => [s, `第${s}板块`]));
  let noPlan = row === undefined || row.sections.length === 0; // no milestones
  const fromPlan = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (e) {
      if (!(e instanceof AppError && e.kind === 'not_found')) throw e;
      noPlan = true; // no plan imported (or projected) yet
      return undefined;
    }
  };
  for (const z of (await fromPlan(() => catalog.zones())) ?? []) zones.add(z.name);
  for (const d of (await fromPlan(() => catalog.districts())) ?? []) districts.add(d.name);
  for (const u of (await fromPlan(() => catalog.units())) ?? []) units.set(u.id, u.name);
  for (const s of (await fromPlan(() => catalog.sections())) ?? []) {
    sections.set(s.no, `${s.numeral}、${s.title}`);
  }
  return { data: { zones, districts, units, sections }, noPlan };
}
