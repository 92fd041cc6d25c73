import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CITY_WIDE_ZONE } from '@app/milestones';
import { AppError, invalidParam, withQueryTimeout } from '@app/platform';
import { PlanCatalogQueries } from '@app/plans';
import type { MilestoneFilter } from './read-model-params';
import { warnWarmUpFailed } from './warm-up-failure';

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

/** A copy older than this is refreshed in the background by the next use, which is answered from it. */
export const REFRESH_AGE_MS = 60_000;
/**
 * A copy older than this (its refreshes failing all along) is not served: a use waits for a read. Ten refresh ages:
 * a database blip or a refresh that ran into its bound is ridden over, labels never lag a plan's names for long.
 */
export const MAX_AGE_MS = 10 * REFRESH_AGE_MS;
/**
 * The least time between reads that a use starts: after the last read, for a name not known; after a failed refresh,
 * before the next. And how long a read that found no plan is served (a use then waits: labels by id are not kept).
 */
export const MIN_REFRESH_MS = 2_000;
/**
 * The bound of a read in the background (a refresh, the warm-up's read), outside any request and its bound: generous,
 * as the board's load (≈ 1 s at 100,000 milestones, seconds on a busy machine).
 */
export const BACKGROUND_READ_BOUND_MS = 60_000;

interface Read {
  readonly data: ReferenceData;
  readonly noPlan: boolean;
}

/**
 * Reference data for validating and labelling queries, read from PostgreSQL and kept as a copy. A use never waits
 * for a refresh while the copy is younger than `MAX_AGE_MS`: past `REFRESH_AGE_MS` it starts one read in the
 * background (bounded by `BACKGROUND_READ_BOUND_MS`, shared by the uses meanwhile) and is answered from the copy; the
 * read's result replaces it. A failed refresh is logged (once until a read succeeds) and started again by a use
 * `MIN_REFRESH_MS` later at the earliest; past `MAX_AGE_MS` a use waits for a read (and fails with it). A value not
 * found triggers one read (at most every `MIN_REFRESH_MS`) before it is refused, so a plan imported a moment ago is
 * known. A read that found no plan (none imported, or not projected yet: an API-only process on a fresh database,
 * before the workers project the seed) is served `MIN_REFRESH_MS` only, then waited for, not a minute of labels by id.
 */
@Injectable()
export class ReadModelReferenceData {
  private readonly log = new Logger('ReferenceData');
  private cache: (Read & { at: number }) | undefined;
  private loading: Promise<ReferenceData> | undefined;
  /** When the last refresh in the background failed (undefined: it succeeded, or none failed). */
  private failedAt: number | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: PlanCatalogQueries,
  ) {}

  async get(): Promise<ReferenceData> {
    const c = this.cache;
    if (c === undefined) return this.read();
    const age = Date.now() - c.at;
    if (age >= (c.noPlan ? MIN_REFRESH_MS : MAX_AGE_MS)) return this.read();
    if (age >= REFRESH_AGE_MS) this.refreshInBackground(age);
    return c.data;
  }

  /** Reads afresh in the background's bound (shared with a read in flight), whatever the copy: a warm-up's read. */
  async warm(): Promise<void> {
    await withQueryTimeout(BACKGROUND_READ_BOUND_MS, () => this.read());
  }

  /** Starts a refresh, unless one is under way or the last failed less than `MIN_REFRESH_MS` ago. */
  private refreshInBackground(age: number): void {
    if (this.loading !== undefined) return;
    if (this.failedAt !== undefined && Date.now() - this.failedAt < MIN_REFRESH_MS) return;
    this.warm().catch((e: unknown) => {
      const first = this.failedAt === undefined;
      this.failedAt = Date.now();
      if (first) {
        warnWarmUpFailed(
          this.log,
          'refreshing the reference data',
          e,
          `answering from the copy read ${Math.round(age / 1000)} s ago, read again at a later use (waited for once ${MAX_AGE_MS / 1000} s old)`,
        );
      }
    });
  }

  /** Reads afresh (shared with a read in flight); the result replaces the copy. */
  private read(): Promise<ReferenceData> {
    this.loading ??= this.load()
      .then((r) => {
        this.cache = { ...r, at: Date.now() };
        this.failedAt = undefined;
        return r.data;
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** Reads afresh for a value not found, unless the copy is younger than `MIN_REFRESH_MS`. */
  private async readForUnknown(ref: ReferenceData): Promise<ReferenceData> {
    const c = this.cache;
    return c !== undefined && Date.now() - c.at <= MIN_REFRESH_MS ? ref : this.read();
  }

  private async load(): Promise<Read> {
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
    if (unknown(ref)) ref = await this.readForUnknown(ref);
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
    if (!ref.units.has(unitId)) ref = await this.readForUnknown(ref);
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
