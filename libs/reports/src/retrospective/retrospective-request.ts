import { invalidParam, isIsoDate, MIN_DATE_YEAR, parseKnownAt, type IsoDate } from '@app/platform';
import { REPORT_TABLES, type ReportTable } from '../export/sheets';

export const REPORT_FORMATS = ['json', 'md', 'html', 'xlsx', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const isReportFormat = (f: string): f is ReportFormat => (REPORT_FORMATS as readonly string[]).includes(f);
const isReportTable = (t: string): t is ReportTable => (REPORT_TABLES as readonly string[]).includes(t);

/** What a caller asks for, as given (HTTP query and path, or CLI arguments). */
export interface RawRetrospectiveRequest {
  readonly year?: string;
  readonly format?: string;
  readonly knownAt?: string;
  readonly asOf?: string;
  readonly position?: string;
  readonly plan?: string;
  readonly table?: string;
}

export interface RetrospectiveRequest {
  readonly year: number;
  readonly format: ReportFormat;
  /** Only reports recorded at or before this instant; null = all. */
  readonly knownAt: Date | null;
  /** Only what had happened by the end of this day (YYYY-MM-DD, plan time zone); null = everything. */
  readonly asOf: IsoDate | null;
  /** Compute at this event position (≤ head); null = the head. */
  readonly position: number | null;
  /** null = the first imported plan. */
  readonly planKey: string | null;
  /** CSV: which table (default: the milestones). */
  readonly table: ReportTable;
}

/** `knownAt`, `asOf` and `position`: when the review is computed. */
function parseMoment(
  raw: RawRetrospectiveRequest,
): Pick<RetrospectiveRequest, 'knownAt' | 'asOf' | 'position'> {
  // The review's parameters forgive spaces around them (asOf, position, year alike); the other reads do not.
  const knownAt = raw.knownAt === undefined ? null : parseKnownAt(raw.knownAt.trim());
  if (raw.knownAt !== undefined && knownAt === null) {
    throw invalidParam(
      'knownAt',
      'INVALID_KNOWN_AT',
      'knownAt must be an ISO 8601 instant with an offset (2022-01-01T00:00:00+08:00) or a date (2021-12-31), ' +
        'in the years 1900–9999 (Beijing time)',
      'knownAt 必须是带时区的 ISO 8601 时间（如 2022-01-01T00:00:00+08:00）或日期（如 2021-12-31），北京时间 1900–9999 年',
    );
  }
  const asOf = raw.asOf?.trim() ?? null;
  if (asOf !== null && !isIsoDate(asOf)) {
    throw invalidParam(
      'asOf',
      'INVALID_AS_OF',
      'asOf must be a date YYYY-MM-DD',
      'asOf 必须是日期，格式 YYYY-MM-DD（如 2021-11-30）',
    );
  }
  const position = raw.position?.trim() ?? null;
  if (position !== null && !/^\d{1,15}$/.test(position)) {
    throw invalidParam(
      'position',
      'INVALID_POSITION',
      'position must be a whole number (an event position)',
      'position 必须是整数（事件位置）',
    );
  }
  return { knownAt, asOf, position: position === null ? null : Number(position) };
}

/** Checks every input and names the field that is wrong (problem+json 400 over HTTP, exit 2 on the CLI). */
export function parseRetrospectiveRequest(raw: RawRetrospectiveRequest): RetrospectiveRequest {
  const yearText = (raw.year ?? '').trim();
  // The year's last day must be a date (1900–9999): years before 1900 are input errors, as in every date.
  if (!/^\d{4}$/.test(yearText) || Number(yearText) < MIN_DATE_YEAR) {
    throw invalidParam(
      'year',
      'INVALID_YEAR',
      `year must be a four-digit year from ${MIN_DATE_YEAR}, e.g. 2021 (got "${yearText}")`,
      `year 必须是 ${MIN_DATE_YEAR} 年起的四位年份，例如 2021（收到“${yearText}”）`,
    );
  }
  const format = raw.format ?? 'json';
  if (!isReportFormat(format)) {
    throw invalidParam(
      'format',
      'INVALID_FORMAT',
      `format must be one of ${REPORT_FORMATS.join(', ')}`,
      `format 只能是 ${REPORT_FORMATS.join('、')} 之一`,
      { allowed: REPORT_FORMATS },
    );
  }
  const moment = parseMoment(raw);
  const planKey = raw.plan ?? null;
  if (planKey !== null && !/^[a-z0-9][a-z0-9-]{1,39}$/.test(planKey)) {
    throw invalidParam(
      'plan',
      'INVALID_PLAN',
      'plan must be a plan key such as sanqu-2020',
      'plan 必须是计划编号，例如 sanqu-2020',
    );
  }
  const table = raw.table ?? 'milestones';
  if (!isReportTable(table)) {
    throw invalidParam(
      'table',
      'INVALID_TABLE',
      `table must be one of ${REPORT_TABLES.join(', ')}`,
      `table 只能是 ${REPORT_TABLES.join('、')} 之一`,
      { allowed: REPORT_TABLES },
    );
  }
  return { year: Number(yearText), format, ...moment, planKey, table };
}
