import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '@app/platform';
import { CITY_WIDE_ZONE } from '@app/milestones';
import { PlanCatalogQueries } from '@app/plans';
import { invalidParam } from '@app/platform';
import type { MilestoneFilter } from './read-model-params';

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

const TTL_MS = 60_000;
const MIN_REFRESH_MS = 2_000;

/**
 * Reference data for validating and labelling queries, cached for a minute. A value not found triggers one
 * refresh (at most every two seconds) before it is refused, so a plan imported a moment ago is known. A read that
 * found no plan (none imported, or not projected yet: an API-only process on a fresh database, before the workers
 * project the seed) is kept two seconds only, not a minute of labels by id.
 */
@Injectable()
export class ReadModelReferenceData {
  private cache: { at: number; data: ReferenceData; noPlan: boolean } | undefined;
  private loading: Promise<{ data: ReferenceData; noPlan: boolean }> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: PlanCatalogQueries,
  ) {}

  async get(): Promise<ReferenceData> {
    const c = this.cache;
    if (c !== undefined && Date.now() - c.at < (c.noPlan ? MIN_REFRESH_MS : TTL_MS)) return c.data;
    return this.refresh();
  }

  /** Reads afresh (shared with a read in flight), whatever the cache holds: a warm-up's read. */
  async warm(): Promise<void> {
    await this.refresh();
  }

  private async refresh(): Promise<ReferenceData> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    const { data, noPlan } = await this.loading;
    this.cache = { at: Date.now(), data, noPlan };
    return data;
  }

  private async load(): Promise<{ data: ReferenceData; noPlan: boolean }> {
    const [row] = await this.dataSource.query<
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
    for (const z of (await fromPlan(() => this.catalog.zones())) ?? []) zones.add(z.name);
    for (const d of (await fromPlan(() => this.catalog.districts())) ?? []) districts.add(d.name);
    for (const u of (await fromPlan(() => this.catalog.units())) ?? []) units.set(u.id, u.name);
    for (const s of (await fromPlan(() => this.catalog.sections())) ?? []) {
      sections.set(s.no, `${s.numeral}、${s.title}`);
    }
    return { data: { zones, districts, units, sections }, noPlan };
  }

  /** Refuses (400, naming the field) a zone, district, unit or section that the plan does not know. */
  async checkFilter(f: MilestoneFilter): Promise<ReferenceData> {
    let ref = await this.get();
    const unknown = (r: ReferenceData) =>
      (f.zone !== undefined && !r.zones.has(f.zone)) ||
      (f.district !== undefined && !r.districts.has(f.district)) ||
      (f.unit !== undefined && !r.units.has(f.unit)) ||
      (f.section !== undefined && !r.sections.has(f.section));
    if (unknown(ref) && (this.cache === undefined || Date.now() - this.cache.at > MIN_REFRESH_MS)) {
      ref = await this.refresh();
    }
    if (f.zone !== undefined && !ref.zones.has(f.zone)) {
      throw invalidParam('zone', 'UNKNOWN_ZONE', `No zone "${f.zone}"`, `功能区不存在：${f.zone}`, {
        known: [...ref.zones],
      });
    }
    if (f.district !== undefined && !ref.districts.has(f.district)) {
      throw invalidParam(
        'district',
        'UNKNOWN_DISTRICT',
        `No district "${f.district}"`,
        `市（区）不存在：${f.district}`,
        {
          known: [...ref.districts],
        },
      );
    }
    if (f.unit !== undefined && !ref.units.has(f.unit)) {
      throw invalidParam('unit', 'UNKNOWN_UNIT', `No unit "${f.unit}"`, `责任单位不存在：${f.unit}`);
    }
    if (f.section !== undefined && !ref.sections.has(f.section)) {
      throw invalidParam(
        'section',
        'UNKNOWN_SECTION',
        `No section ${f.section}`,
        `板块不存在：${f.section}`,
        {
          known: [...ref.sections.keys()],
        },
      );
    }
    return ref;
  }

  /** The unit, or 404. */
  async requireUnit(unitId: string): Promise<{ id: string; name: string }> {
    let ref = await this.get();
    if (!ref.units.has(unitId)) ref = await this.refresh();
    const name = ref.units.get(unitId);
    if (name === undefined) {
      throw new AppError({
        kind: 'not_found',
        code: 'UNIT_NOT_FOUND',
        field: 'id',
        message: `No unit "${unitId}"`,
        messageZh: `责任单位不存在：${unitId}`,
      });
    }
    return { id: unitId, name };
  }
}
