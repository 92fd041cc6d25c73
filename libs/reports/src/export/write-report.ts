import type { Writable } from 'node:stream';
import type { ReportFormat } from '../retrospective/retrospective-request';
import type { RetrospectiveReport } from '../retrospective/report.types';
import { writeChunks } from './chunk-writer';
import { csvChunks } from './csv.exporter';
import { htmlChunks } from './html.exporter';
import { jsonChunks } from './json.exporter';
import { markdownChunks } from './markdown.exporter';
import type { ReportTable } from './sheets';
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

/** `retrospective-sanqu-2020-2021.xlsx` (CSV: with the table, e.g. `…-2021-milestones.csv`). */
export function reportFileName(r: RetrospectiveReport, format: ReportFormat, table: ReportTable): string {
  const base = `retrospective-${r.plan.key}-${r.year}`;
  return `${format === 'csv' ? `${base}-${table}` : base}.${REPORT_MEDIA_TYPES[format].extension}`;
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
