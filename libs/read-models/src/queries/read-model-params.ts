import {
  HEALTH_COLOURS,
  type HealthColour,
  MILESTONE_LIFECYCLES,
  type MilestoneLifecycle,
  SCHEDULE_STATES,
  type ScheduleState,
} from '@app/milestones';
import { MILESTONE_SORTS, type MilestoneSortKey } from '@app/milestones/labels';
import { findForbiddenCharacter, invalidParam, isIsoDate, type IsoDate, parseKnownAt } from '@app/platform';

/** Raw query parameters as they come from HTTP or the CLI (strings, all optional). */
export interface TimeTravelParams {
  /** YYYY-MM-DD: the state of the world on that date (default: today, or knownAt's date). */
  readonly asOf?: string;
  /** ISO 8601 instant (or a date: its end): only what had been recorded by then (default: everything). */
  readonly knownAt?: string;
}

export interface MilestoneFilterParams extends TimeTravelParams {
  readonly zone?: string;
  readonly district?: string;
  readonly unit?: string;
  /** lead | cooperating (with `unit`). */
  readonly role?: string;
  readonly section?: string;
  readonly year?: string;
  /** One or several (comma-separated) lifecycles. */
  readonly lifecycle?: string;
  readonly schedule?: string;
  readonly health?: string;
  /** Text in the milestone's text, task title or id. */
  readonly q?: string;
}

export interface MilestoneListParams extends MilestoneFilterParams {
  readonly page?: string;
  readonly pageSize?: string;
  /** `dueDate`, `-daysLate`, … (see MILESTONE_SORTS). */
  readonly sort?: string;
}

export interface TimeTravel {
  readonly asOf: IsoDate;
  /** null = everything recorded so far. */
  readonly knownAt: Date | null;
}

export const UNIT_ROLES = ['lead', 'cooperating'] as const;
export type UnitRole = (typeof UNIT_ROLES)[number];

/** The board's sort keys: in the labels, which the dashboard bundles too (one list for both). */
export { MILESTONE_SORTS, type MilestoneSortKey };

export interface MilestoneFilter {
  readonly zone?: string;
  readonly district?: string;
  readonly unit?: string;
  readonly role?: UnitRole;
  readonly section?: number;
  readonly year?: number;
  readonly lifecycles?: readonly MilestoneLifecycle[];
  readonly schedules?: readonly ScheduleState[];
  readonly healths?: readonly HealthColour[];
  readonly q?: string;
  readonly ids?: readonly string[];
}

export interface Paging {
  readonly page: number;
  readonly pageSize: number;
  readonly sort: MilestoneSortKey;
  readonly descending: boolean;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
const MAX_TEXT = 100;

export function parseTimeTravel(
  p: TimeTravelParams,
  today: IsoDate,
  timeZone: string,
  dayOf: (ms: number) => IsoDate,
): TimeTravel {
  let knownAt: Date | null = null;
  if (p.knownAt !== undefined) {
    knownAt = parseKnownAt(p.knownAt, timeZone);
    if (knownAt === null) {
      throw invalidParam(
        'knownAt',
        'KNOWN_AT_INVALID',
        `knownAt "${p.knownAt}" is not an ISO 8601 instant with a time zone (e.g. 2021-08-20T09:00:00+08:00) or a date, in the years 1900–9999 (Beijing time)`,
        `knownAt 必须是带时区的 ISO 8601 时间（如 2021-08-20T09:00:00+08:00）或日期，北京时间 1900–9999 年`,
      );
    }
  }
  if (p.asOf !== undefined && !isIsoDate(p.asOf)) {
    throw invalidParam(
      'asOf',
      'AS_OF_INVALID',
      `asOf "${p.asOf}" is not a date YYYY-MM-DD`,
      `asOf 必须是日期 YYYY-MM-DD`,
    );
  }
  // Without asOf, "as known at K" means the world as it stood on K's own day.
  const asOf = p.asOf ?? (knownAt !== null ? dayOf(knownAt.getTime()) : today);
  return { asOf, knownAt };
}

function listOf<T extends string>(
  raw: string | undefined,
  field: string,
  allowed: readonly T[],
  what: string,
  whatZh: string,
): T[] | undefined {
  if (raw === undefined) return undefined;
  const values = raw
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const bad = values.find((v) => !(allowed as readonly string[]).includes(v));
  if (bad !== undefined || values.length === 0) {
    throw invalidParam(
      field,
      `${field.toUpperCase()}_INVALID`,
      `${field}: "${bad ?? raw}" is not a ${what} (one or more of ${allowed.join(', ')}, comma-separated)`,
      `${field} 取值无效：${bad ?? raw}（${whatZh}可选：${allowed.join('、')}）`,
      { allowed },
    );
  }
  return values as T[];
}

function intOf(raw: string | undefined, field: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw invalidParam(
      field,
      `${field.toUpperCase()}_INVALID`,
      `${field} must be a whole number from ${min} to ${max}`,
      `${field} 必须是 ${min} 到 ${max} 之间的整数`,
      { min, max },
    );
  }
  return Number(raw);
}

/** A short text parameter: 1–100 characters, no control characters. */
export function textOf(raw: string | undefined, field: string): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.length === 0 || raw.length > MAX_TEXT || findForbiddenCharacter(raw, false) !== null) {
    throw invalidParam(
      field,
      `${field.toUpperCase()}_INVALID`,
      `${field} must be 1–${MAX_TEXT} characters without control characters`,
      `${field} 长度须为 1–${MAX_TEXT} 个字符，且不含控制字符`,
    );
  }
  return raw;
}

/** Shape checks of the filters (whether a zone, unit… exists is checked against the reference data). */
export function parseMilestoneFilter(p: MilestoneFilterParams): MilestoneFilter {
  const role = listOf(p.role, 'role', UNIT_ROLES, 'unit role', '角色');
  if (role !== undefined && role.length > 1) {
    throw invalidParam(
      'role',
      'ROLE_INVALID',
      'role takes one value: lead or cooperating',
      'role 只能取一个值：lead 或 cooperating',
    );
  }
  if (role !== undefined && p.unit === undefined) {
    throw invalidParam('role', 'ROLE_WITHOUT_UNIT', 'role needs a unit', 'role 需与 unit 一起使用');
  }
  return {
    zone: textOf(p.zone, 'zone'),
    district: textOf(p.district, 'district'),
    unit: textOf(p.unit, 'unit'),
    role: role?.[0],
    section: intOf(p.section, 'section', 1, 99),
    year: intOf(p.year, 'year', 1900, 9999),
    lifecycles: listOf(p.lifecycle, 'lifecycle', MILESTONE_LIFECYCLES, 'lifecycle', '生命周期'),
    schedules: listOf(p.schedule, 'schedule', SCHEDULE_STATES, 'schedule state', '进度状态'),
    healths: listOf(p.health, 'health', HEALTH_COLOURS, 'health colour', '健康度'),
    q: textOf(p.q, 'q'),
  };
}

export function parsePaging(p: MilestoneListParams): Paging {
  const page = intOf(p.page, 'page', 1, 100_000) ?? 1;
  let pageSize = DEFAULT_PAGE_SIZE;
  if (p.pageSize !== undefined) {
    if (!/^\d{1,9}$/.test(p.pageSize) || Number(p.pageSize) < 1) {
      throw invalidParam(
        'pageSize',
        'PAGE_SIZE_INVALID',
        'pageSize must be a whole number ≥ 1',
        'pageSize 必须是正整数',
      );
    }
    pageSize = Number(p.pageSize);
    if (pageSize > MAX_PAGE_SIZE) {
      throw invalidParam(
        'pageSize',
        'PAGE_SIZE_TOO_LARGE',
        `pageSize ${pageSize} is too large (at most ${MAX_PAGE_SIZE})`,
        `pageSize 过大（最多 ${MAX_PAGE_SIZE}）`,
        { max: MAX_PAGE_SIZE },
      );
    }
  }
  const raw = p.sort ?? 'dueDate';
  const descending = raw.startsWith('-');
  const key = descending ? raw.slice(1) : raw;
  if (!(MILESTONE_SORTS as readonly string[]).includes(key)) {
    throw invalidParam(
      'sort',
      'SORT_INVALID',
      `sort "${raw}" is not one of ${MILESTONE_SORTS.join(', ')} (prefix - for descending)`,
      `sort 取值无效：${raw}`,
      { allowed: MILESTONE_SORTS },
    );
  }
  return { page, pageSize, sort: key as MilestoneSortKey, descending };
}
