import type { RetrospectiveReport } from '../retrospective/report.types';
import { formatCell, formatInstant, reportSheet, type ReportTable } from './sheets';

function cell(s: string): string {
  // Quote every cell; neutralise spreadsheet formulas (=, +, -, @ at the start of text).
  const safe = /^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * One table of the review as CSV: UTF-8 with a BOM and CRLF rows, so Excel opens it with the Chinese intact.
 * Every row ends with the plan, year, as-of date, knownAt and event position the review was computed at. A figure
 * with a definition (年度按期完成率) states it in its column header: a CSV has no place under the table. The
 * assignments are their own table (`table=assignments`, one row per assignment); the milestones table shows
 * their spread.
 */
export function* csvChunks(r: RetrospectiveReport, table: ReportTable): Generator<string> {
  const sheet = reportSheet(r, table);
  const meta = [
    r.plan.key,
    String(r.year),
    r.asOf,
    r.knownAt === null ? '最新' : formatInstant(r.knownAt),
    String(r.position),
  ].map(cell);
  const header = [
    ...sheet.columns.map((c) => (c.definition ? `${c.header}（${c.definition}）` : c.header)),
    '计划编号',
    '年度',
    '截至日期',
    '已知截至',
    '事件位置',
  ];
  yield `\uFEFF${header.map(cell).join(',')}\r\n`;
  for (const row of sheet.rows()) {
    const cells = row.map((v, i) => cell(formatCell(v, sheet.columns[i]?.type ?? 'text')));
    yield `${[...cells, ...meta].join(',')}\r\n`;
  }
}
