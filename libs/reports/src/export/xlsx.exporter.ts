import type { Writable } from 'node:stream';
import * as ExcelJS from 'exceljs';
import type { RetrospectiveReport } from '../retrospective/report.types';
import { formatInstant, reportCaption, reportSheets, type Cell, type CellType } from './sheets';

const NUM_FMT: { readonly [T in CellType]: string | undefined } = {
  text: undefined,
  int: '0',
  number: '0.0',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
};

/** A date as Excel stores it: the calendar day at UTC midnight (Excel has no time zones). */
function excelDate(isoDate: string): Date {
  return new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
}

/** An instant as the wall-clock time of the plan's zone, for Excel. */
function excelDateTime(iso: string): Date {
  return new Date(`${formatInstant(iso).replace(' ', 'T')}:00Z`);
}

function excelValue(cell: Cell, columnType: CellType): { value: ExcelJS.CellValue; type: CellType } {
  const { t, v } = typeof cell === 'object' && cell !== null ? cell : { t: columnType, v: cell };
  if (v === null || v === '') return { value: null, type: t };
  if (t === 'date' && typeof v === 'string') return { value: excelDate(v), type: t };
  if (t === 'datetime' && typeof v === 'string') return { value: excelDateTime(v), type: t };
  return { value: v, type: t };
}

/**
 * The review as an Excel workbook, streamed to `out` with exceljs's streaming writer (rows are committed as
 * they are written). One sheet per table: a caption row (plan, year, as-of, knownAt, event position), a
 * header row, frozen panes under them, column widths, dates as dates and percentages as percentages, and the
 * notes (definitions of the figures, 年度按期完成率 among them) under the table.
 * Ends `out` when done.
 */
export async function writeXlsx(r: RetrospectiveReport, out: Writable): Promise<void> {
  // Fixed document dates: the same review gives the same workbook properties.
  const stamp = new Date(r.yearEnd.cutoff);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'progress-monitor';
  wb.lastModifiedBy = 'progress-monitor';
  wb.created = stamp;
  wb.modified = stamp;
  wb.title = `${r.plan.title} ${r.year}年度回顾`;
  wb.subject = reportCaption(r);
  const caption = reportCaption(r);
  for (const sheet of reportSheets(r)) {
    const ws = wb.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', xSplit: sheet.frozenColumns, ySplit: 2 }],
      properties: { defaultRowHeight: 18 },
    });
    // Number formats (and wrapping of long texts) on the columns: cells inherit them; a cell typed otherwise
    // than its column gets its own format.
    ws.columns = sheet.columns.map((c) => {
      const numFmt = NUM_FMT[c.type];
      const style: Partial<ExcelJS.Style> =
        numFmt !== undefined
          ? { numFmt }
          : c.width >= 40
            ? { alignment: { wrapText: true, vertical: 'top' } }
            : {};
      return { key: c.key, width: c.width, style };
    });
    const captionRow = ws.addRow([caption]);
    captionRow.font = { bold: true };
    ws.mergeCells(1, 1, 1, sheet.columns.length);
    captionRow.commit();
    const header = ws.addRow(sheet.columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', wrapText: true };
    header.eachCell((c) => {
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } };
      c.border = { bottom: { style: 'thin', color: { argb: 'FF8FA5C2' } } };
    });
    header.commit();
    ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: sheet.columns.length } };
    for (const values of sheet.rows()) {
      const cells = sheet.columns.map((column, i) => excelValue(values[i] ?? null, column.type));
      const row = ws.addRow(cells.map((c) => c.value));
      cells.forEach((c, i) => {
        const column = sheet.columns[i]!;
        const fmt = NUM_FMT[c.type];
        if (c.type !== column.type && fmt !== undefined) row.getCell(i + 1).numFmt = fmt;
      });
      row.commit();
    }
    // The definitions of the sheet's figures, under the table after an empty row.
    if (sheet.notes.length > 0) ws.addRow([]).commit();
    for (const note of sheet.notes) {
      const noteRow = ws.addRow([note]);
      noteRow.font = { italic: true, color: { argb: 'FF55606E' } };
      noteRow.commit();
    }
    ws.commit();
  }
  await wb.commit();
}
