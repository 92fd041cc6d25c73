import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AppError,
  invalidParam,
  queryTimeoutError,
  queryTimeoutOfScope,
  withQueryTimeout,
} from '@app/platform';
import { PlanCatalogQueries } from '@app/plans';
import type { MilestoneFilter } from './read-model-params';
import { readReferenceData, type ReferenceData, type ReferenceRead } from './reference-read';
import { warnWarmUpFailed } from './warm-up-failure';

export type { ReferenceData } from './reference-read';

/** A copy older than this is refreshed in the background by the next use, which is answered from it. */
export const REFRESH_AGE_MS = 60_000;
/**
 * A copy older than this is not served while its refreshes succeed (after an idle time, say): a use waits for a
 * read, as before the refresh ahead. Two refresh ages: a copy in use is refreshed ahead long before.
 */
export const SERVED_AGE_MS = 2 * REFRESH_AGE_MS;
/**
 * A copy older than this is not served even while its refreshes fail: a use waits for a read. Ten refresh ages: a
 * database blip or a refresh that ran into its bound is ridden over, labels never lag a plan's names for long.
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

/** `work`, or `queryTimeoutError` (an outage: 503) once the caller's bound (`queryTimeoutOfScope`) is over. */
function withinBound<T>(work: Promise<T>): Promise<T> {
  const boundMs = queryTimeoutOfScope();
  if (boundMs === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(queryTimeoutError()), boundMs)),
  );
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Reference data for validating and labelling queries, read from PostgreSQL and kept as a copy. Past
 * `REFRESH_AGE_MS` a use starts one read in the background (bounded by `BACKGROUND_READ_BOUND_MS`, shared by the uses
 * meanwhile) and is answered from the copy; the read's result replaces it, as of the read's start. A copy older than
 * `SERVED_AGE_MS` is not served (a use waits for a read) unless the last refresh failed: a failed refresh is logged
 * (once until a read succeeds) and started again by a use `MIN_REFRESH_MS` later at the earliest, the copy served
 * meanwhile up to `MAX_AGE_MS` old; past that a use waits for a read (and fails with it). A use that waits, for a
 * read of its own or one under way (a refresh's), waits at most its own bound (a request's: 503 past it). A value
 * not found triggers one read (at most every `MIN_REFRESH_MS`) before it is refused, so a plan imported a moment ago
 * is known. A read that found no plan (none imported, or not projected yet: an API-only process on a fresh database,
 * before the workers project the seed) is served `MIN_REFRESH_MS` only, then waited for, not a minute of labels by
 * id. The application's stop cuts a background read off (its statement cancelled), starts none, and logs no failure.
 */
@Injectable()
export class ReadModelReferenceData implements BeforeApplicationShutdown {
  private readonly log = new Logger('ReferenceData');
  private cache: (ReferenceRead & { at: number }) | undefined;
  private loading: Promise<ReferenceData> | undefined;
  /** When the last refresh in the background failed (undefined: it succeeded, or none failed). */
  private failedAt: number | undefined;
  private readonly stopping = new AbortController();

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: PlanCatalogQueries,
  ) {}

  /** The application is stopping: no read in the background from now on (a failure of one is not a fault). */
  get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.loading?.catch(() => undefined);
  }

  async get(): Promise<ReferenceData> {
    const c = this.cache;
    if (c === undefined) return this.read();
    const age = Date.now() - c.at;
    const served = c.noPlan ? MIN_REFRESH_MS : this.failedAt !== undefined ? MAX_AGE_MS : SERVED_AGE_MS;
    if (age >= served) return this.read();
    if (age >= REFRESH_AGE_MS) this.refreshInBackground(age);
    return c.data;
  }

  /**
   * Reads afresh in the background's bound (shared with a read in flight), whatever the copy: a warm-up's read. The
   * application's stop cuts it off.
   */
  async warm(): Promise<void> {
    await withQueryTimeout(BACKGROUND_READ_BOUND_MS, () => this.read(), this.stopping.signal);
  }

  /** Starts a refresh, unless stopping, one is under way or the last failed less than `MIN_REFRESH_MS` ago. */
  private refreshInBackground(age: number): void {
    if (this.stopped || this.loading !== undefined) return;
    if (this.failedAt !== undefined && Date.now() - this.failedAt < MIN_REFRESH_MS) return;
    this.warm().catch((e: unknown) => {
      if (this.stopped) return; // cut off by the stop: not a failure
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

  /**
   * Reads afresh (shared with a read in flight); the result replaces the copy, as of the read's start. The caller
   * waits at most its own bound (a read in flight may be a refresh, of the background's bound), as a group commit's.
   */
  private read(): Promise<ReferenceData> {
    if (this.loading === undefined) {
      const startedAt = Date.now();
      this.loading = readReferenceData(this.dataSource, this.catalog)
        .then((r) => {
          this.cache = { ...r, at: startedAt };
          this.failedAt = undefined;
          return r.data;
        })
        .finally(() => (this.loading = undefined));
    }
    return withinBound(this.loading);
  }

  /** Reads afresh for a value not found, unless the copy is younger than `MIN_REFRESH_MS`. */
  private async readForUnknown(ref: ReferenceData): Promise<ReferenceData> {
    const c = this.cache;
    return c !== undefined && Date.now() - c.at <= MIN_REFRESH_MS ? ref : this.read();
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
