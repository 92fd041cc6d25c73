import { formatPlanTime } from '@app/platform';
import { MET_ON_TIME_RATE } from '../../retrospective/definitions';
import { OUTCOME_LABELS_ZH, OUTCOMES, type Outcome, type OutcomeCounts } from '../../retrospective/outcome';
import type { RetrospectiveReport } from '../../retrospective/report.types';

/** How a cell is typed in Excel (and formatted in CSV, Markdown and HTML). */
export type CellType = 'text' | 'int' | 'number' | 'percent' | 'date' | 'datetime';

/** A cell whose type differs from its column's (the overview mixes dates, counts and rates). */
export interface TypedCell {
  readonly t: CellType;
  readonly v: string | number | null;
}
export type Cell = string | number | null | TypedCell;

export interface SheetColumn {
  readonly key: string;
  readonly header: string;
  /** Excel column width (characters; a Chinese character counts about 2). */
  readonly width: number;
  readonly type: CellType;
  /** How the figure is defined: CSV states it in the header, the other formats in the notes under the table. */
  readonly definition?: string;
}

/** Sheets / tables, in workbook order; `table=` of the CSV export takes one of these ids. */
export const REPORT_TABLES = [
  'overview',
  'zones',
  'districts',
  'lead-units',
  'sections',
  'milestones',
  'assignments',
  'reasons',
  'indicators',
  'alerts',
  'after-year-end',
  'in-progress',
  'standing',
] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

export interface ReportSheet {
  readonly id: ReportTable;
  readonly name: string;
  readonly columns: readonly SheetColumn[];
  /** Freeze this many columns besides the header rows. */
  readonly frozenColumns: number;
  readonly rows: () => Iterable<Cell[]>;
  /** Notes stated under the table (definitions of its figures): Excel rows, Markdown and HTML paragraphs. */
  readonly notes: readonly string[];
}

/** The rate column of a roll-up or the overview, with its definition. */
export const MET_ON_TIME_RATE_COLUMN: SheetColumn = {
  key: 'metOnTimeRate',
  header: '年度按期完成率',
  width: 14,
  type: 'percent',
  definition: '按期完成数 ÷（年度到期数 − 取消 − 未到期）',
};
export const MET_ON_TIME_RATE_NOTE = `注：${MET_ON_TIME_RATE.zh}。`;

/** An instant as wall-clock time in the plan's zone: `YYYY-MM-DD HH:mm` (the shared formatter, to the minute). */
export function formatInstant(iso: string): string {
  return formatPlanTime(iso).slice(0, 16);
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** A cell as text (CSV, Markdown, HTML). */
export function formatCell(cell: Cell, type: CellType): string {
  const { t, v } = typeof cell === 'object' && cell !== null ? cell : { t: type, v: cell };
  if (v === null || v === '') return '';
  switch (t) {
    case 'percent':
      return typeof v === 'number' ? formatPercent(v) : v;
    case 'datetime':
      return typeof v === 'string' ? formatInstant(v) : String(v);
    case 'number':
      return typeof v === 'number' ? String(v) : v;
    case 'int':
    case 'date':
    case 'text':
      return String(v);
    default: {
      const unknown: never = t;
      throw new Error(`Unexpected cell type ${String(unknown)}`);
    }
  }
}

/** The line every sheet, page and file starts with: plan, year, as-of, knownAt and event position. */
export function reportCaption(r: RetrospectiveReport): string {
  const known = r.knownAt === null ? '最新' : formatInstant(r.knownAt);
  return (
    `${r.plan.title}｜${r.year}年度回顾｜截至 ${r.asOf}${r.provisional ? '（年度未结束，结果为临时）' : ''}` +
    `｜已知截至 ${known}｜事件位置 ${r.position}`
  );
}

export const yes = (b: boolean): string => (b ? '是' : '否');
/** A percent 0–100 as a ratio cell. */
export const pct = (n: number | null): TypedCell => ({ t: 'percent', v: n === null ? null : n / 100 });

/** The outcome columns shown: `not_due` only in a provisional review. */
export function shownOutcomes(r: RetrospectiveReport): readonly Outcome[] {
  return OUTCOMES.filter((o) => o !== 'not_due' || r.provisional);
}

/** `按期完成 1、未完成 1`: how many assignments had each outcome (only those that occur). */
export function outcomeSpread(counts: OutcomeCounts): string {
  return OUTCOMES.filter((o) => counts[o] > 0)
    .map((o) => `${OUTCOME_LABELS_ZH[o]} ${counts[o]}`)
    .join('、');
}

/** The lead units of the assignments an event concerned, by key. */
export function assignmentUnits(
  m: { readonly assignments: readonly { readonly key: string; readonly leadUnits: readonly string[] }[] },
  keys: readonly string[],
): string {
  return m.assignments
    .filter((a) => keys.includes(a.key))
    .flatMap((a) => a.leadUnits)
    .join('、');
}

/** `2020` or `2020-2022`. */
export const periodText = (p: { readonly from: number; readonly to: number }): string =>
  p.from === p.to ? String(p.to) : `${p.from}-${p.to}`;
