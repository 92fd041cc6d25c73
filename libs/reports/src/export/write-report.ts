import type { Writable } from 'node:stream';
import type { ReportFormat } from '../retrospective/retrospective-request';
import type { RetrospectiveReport } from '../retrospective/report.types';
import { writeChunks } from './chunk-writer';
import { csvChunks } from './csv.exporter';
import { htmlChunks } from './html.exporter';
import { jsonChunks } from './json.exporter';
import { markdownChunks } from './markdown.exporter';
import { reportSheet, type ReportTable } from './sheets';
import { writeXlsx } from './xlsx.exporter';

export interface ReportMediaType {
  readonly contentType: string;
  readonly extension: string;
  /** Offered for download (Content-Disposition: attachment). */
  readonly attachment: boolean;
}

export const REPORT_MEDIA_TYPES: { readonly [F in ReportFormat]: ReportMediaType } = {
  json: { contentType: 'application/json; charset=utf-8', extension: 'json', attachment: false },
  md: { contentType: 'text/markdown; charset=utf-8', extension: 'md', attachment: false },
  html: { contentType: 'text/html; charset=utf-8', extension: 'html', attachment: false },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    attachment: true,
  },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv', attachment: true },
};

/**
 * The review's download names: `2022年度回顾.xlsx` (CSV with its table: `2022年度回顾-按功能区.csv`; a provisional
 * review says its date: `2022年度回顾（截至2022-06-30）.xlsx`) and the ASCII fallback for old clients,
 * `sanqu-2020-retrospective-2022.xlsx` (`…-zones.csv`): the year reviewed, not the plan's span.
 */
export function reportFileNames(
  r: RetrospectiveReport,
  format: ReportFormat,
  table: ReportTable,
): { readonly name: string; readonly ascii: string } {
  const ext = REPORT_MEDIA_TYPES[format].extension;
  const csv = format === 'csv';
  const asOf = r.provisional ? `（截至${r.asOf}）` : '';
  return {
    name: `${r.year}年度回顾${asOf}${csv ? `-${reportSheet(r, table).name}` : ''}.${ext}`,
    ascii: `${r.plan.key}-retrospective-${r.year}${csv ? `-${table}` : ''}.${ext}`,
  };
}

/**
 * Writes the review to `out` in the format asked for, streaming (never one big string), and ends `out`
 * unless `end` is false (stdout).
 */
export async function writeReport(
  r: RetrospectiveReport,
  format: ReportFormat,
  out: Writable,
  opts: { table?: ReportTable; end?: boolean } = {},
): Promise<void> {
  const end = opts.end ?? true;
  switch (format) {
    case 'xlsx':
      await writeXlsx(r, out);
      return;
    case 'json':
      await writeChunks(out, jsonChunks(r));
      break;
    case 'md':
      await writeChunks(out, markdownChunks(r));
      break;
    case 'html':
      await writeChunks(out, htmlChunks(r));
      break;
    case 'csv':
      await writeChunks(out, csvChunks(r, opts.table ?? 'milestones'));
      break;
    default: {
      const unknown: never = format;
      throw new Error(`Unexpected format ${String(unknown)}`);
    }
  }
  if (end) {
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(() => resolve());
    });
  }
}
