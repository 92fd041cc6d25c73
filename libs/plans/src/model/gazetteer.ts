import type { Zone } from './plan.model';

export interface GazetteerTown {
  readonly name: string;
  readonly district: string;
  readonly zone: string;
}

/** Look-ups over the zone table: zone → district (市/区) → town (镇/街). */
export interface Gazetteer {
  readonly zones: readonly Zone[];
  readonly zoneNames: readonly string[];
  /** Distinct districts in order of first appearance (蓬江区, 江海区, 新会区, 台山市, 开平市, 鹤山市, 恩平市). */
  readonly districts: readonly string[];
  readonly towns: readonly GazetteerTown[];
  readonly townsByName: ReadonlyMap<string, GazetteerTown>;
}

export function buildGazetteer(zones: readonly Zone[]): Gazetteer {
  const towns = zones.flatMap((zone) =>
    zone.districts.flatMap((district) =>
      district.towns.map((name): GazetteerTown => ({ name, district: district.name, zone: zone.name })),
    ),
  );
  const districts = [...new Set(zones.flatMap((z) => z.districts.map((d) => d.name)))];
  return {
    zones,
    zoneNames: zones.map((z) => z.name),
    districts,
    towns,
    townsByName: new Map(towns.map((t) => [t.name, t])),
  };
}

/** 开平市 → 开平, 蓬江区 → 蓬江: the form used in running text (开平翠山湖, 蓬江、江海、新会三区). */
export function districtShortName(district: string): string {
  return district.length > 2 ? district.replace(/[市区县]$/u, '') : district;
}

/** 塘口镇 → 塘口, 环市街道 → 环市. */
export function townShortName(town: string): string {
  return town.replace(/(街道|镇|乡|街)$/u, '');
}

/** The government of a district, as units are named: 蓬江区 → 蓬江区政府. */
export function districtGovernment(district: string): string {
  return `${district}政府`;
}

/** 蓬江区政府 → 蓬江区, when the district is in the gazetteer. */
export function districtOfGovernment(gazetteer: Gazetteer, unitName: string): string | undefined {
  if (!unitName.endsWith('政府')) return undefined;
  const district = unitName.slice(0, -'政府'.length);
  return gazetteer.districts.includes(district) ? district : undefined;
}
