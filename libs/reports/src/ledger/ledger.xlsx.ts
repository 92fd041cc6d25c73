import type { Writable } from 'node:stream';
import * as ExcelJS from 'exceljs';
import type { HealthColour } from '@app/milestones';
import type { LedgerRow } from './ledger-rows';

/** The office's columns, in its order, with widths (characters) that fit A4 landscape at fit-to-width. */
export const LEDGER_COLUMNS = [
  { header: '序号', width: 6 },
  { header: '重点任务', width: 24 },
  { header: '工作目标', width: 40 },
  { header: '牵头单位', width: 16 },
  { header: '配合单位', width: 20 },
  { header: '完成时限', width: 14 },
  { header: '进展情况', width: 44 },
  { header: '状态（红黄绿）', width: 10 },
  { header: '存在问题', width: 36 },
] as const;

/** Fill of the 状态 cell (the word 红/黄/绿/灰 is written in it too, for black-and-white printing). */
export const STATUS_FILLS: { readonly [H in HealthColour]: string } = {
  red: 'FFFF5B5B',
  amber: 'FFFFD54F',
  green: 'FF7CC576',
  grey: 'FFD9D9D9',
};

/** Rows above the table: the title, the sheet's section and dates, the header. */
export const LEDGER_HEADER_ROW = 3;

export interface LedgerSheetHeading {
  /** The worksheet's name (≤ 31 characters, none of []:*?/\). */
  readonly name: string;
  /** The workbook's title row, e.g. 《…》重点任务督办台账（截至2021年11月30日）. */
  readonly title: string;
  /** The second row: the section and what the figures are as of. */
  readonly subtitle: string;
}

const BORDER: Partial<ExcelJS.Borders> = Object.fromEntries(
  (['top', 'left', 'bottom', 'right'] as const).map((side) => [
    side,
    { style: 'thin', color: { argb: 'FF000000' } },
  ]),
);

/** Cells merged over a milestone's rows (序号 and 重点任务 over a task's), by column number. */
const TASK_COLUMNS = [1, 2];
const MILESTONE_COLUMNS = [3, 5];
const CENTRED = new Set([1, 6, 8]);
/** At most this many rows are held for one merge of 序号 and 重点任务. */
const MAX_MERGED_ROWS = 500;

/**
 * The 督办台账 as a workbook, streamed to `out` (exceljs's streaming writer: a task's rows are committed once its
 * cells are merged, so memory holds a task's rows, not the ledger). One sheet per section of the plan: title, section and date, a
 * frozen header row repeated on every printed page, A4 landscape fitted to the page width, wrapped text, borders.
 */
export class LedgerWorkbook {
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  private ws: ExcelJS.Worksheet | null = null;
  private task: { no: number; firstRow: number } | null = null;
  private rowNo = 0;

  constructor(out: Writable, meta: { title: string; created: Date }) {
    this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    this.wb.creator = 'progress-monitor';
    this.wb.lastModifiedBy = 'progress-monitor';
    this.wb.created = meta.created;
    this.wb.modified = meta.created;
    this.wb.title = meta.title;
  }

  beginSheet(h: LedgerSheetHeading): void {
    const ws = this.wb.addWorksheet(h.name, {
      views: [{ state: 'frozen', xSplit: 0, ySplit: LEDGER_HEADER_ROW }],
      pageSetup: {
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        horizontalCentered: true,
        printTitlesRow: `${LEDGER_HEADER_ROW}:${LEDGER_HEADER_ROW}`,
        margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
    });
    ws.columns = LEDGER_COLUMNS.map((c) => ({ width: c.width }));
    const title = ws.addRow([h.title]);
    title.height = 32;
    title.font = { bold: true, size: 16 };
    title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    ws.mergeCells(1, 1, 1, LEDGER_COLUMNS.length);
    title.commit();
    const subtitle = ws.addRow([h.subtitle]);
    subtitle.font = { bold: true, size: 11 };
    subtitle.alignment = { vertical: 'middle', wrapText: true };
    subtitle.height = 22;
    ws.mergeCells(2, 1, 2, LEDGER_COLUMNS.length);
    subtitle.commit();
    const header = ws.addRow(LEDGER_COLUMNS.map((c) => c.header));
    header.height = 30;
    header.eachCell((c) => {
      c.font = { bold: true };
      c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E2F3' } };
      c.border = BORDER;
    });
    header.commit();
    this.ws = ws;
    this.rowNo = LEDGER_HEADER_ROW;
    this.task = null;
  }

  /** The rows of one milestone (one per assignment), merged where they share a cell. */
  addMilestone(rows: readonly LedgerRow[]): void {
    const ws = this.sheet();
    if (rows.length === 0) return;
    const taskNo = rows[0]!.taskNo;
    // A task's rows wait uncommitted for their merge: a very long task is merged in runs of MAX_MERGED_ROWS.
    if (this.task?.no !== taskNo || this.rowNo - this.task.firstRow >= MAX_MERGED_ROWS) {
      this.closeTask();
      this.task = { no: taskNo, firstRow: this.rowNo + 1 };
    }
    const first = this.rowNo + 1;
    for (const r of rows) {
      const row = ws.addRow([
        r.taskNo,
        r.task,
        r.target,
        r.lead,
        r.cooperating,
        r.deadline,
        r.progress,
        r.statusZh,
        r.problems,
      ]);
      row.eachCell({ includeEmpty: true }, (c, col) => {
        c.border = BORDER;
        c.alignment = {
          vertical: CENTRED.has(col) ? 'middle' : 'top',
          horizontal: CENTRED.has(col) ? 'center' : 'left',
          wrapText: true,
        };
      });
      const status = row.getCell(8);
      status.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: STATUS_FILLS[r.status] } };
      status.font = { bold: true };
      // Committed with its task (`closeTask`): the streaming writer merges only rows not yet committed.
      this.rowNo++;
    }
    if (rows.length > 1) for (const col of MILESTONE_COLUMNS) ws.mergeCells(first, col, this.rowNo, col);
  }

  /** A line under the table (the legend, or that nothing matched the filters). */
  addNote(text: string): void {
    const ws = this.sheet();
    this.closeTask();
    const row = ws.addRow([text]);
    this.rowNo++;
    ws.mergeCells(this.rowNo, 1, this.rowNo, LEDGER_COLUMNS.length);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.font = { italic: true, size: 9 };
    row.height = 28;
    row.commit();
  }

  endSheet(): void {
    this.closeTask();
    this.sheet().commit();
    this.ws = null;
  }

  async finish(): Promise<void> {
    await this.wb.commit();
  }

  private closeTask(): void {
    const t = this.task;
    this.task = null;
    if (t === null) return;
    const ws = this.sheet();
    if (this.rowNo > t.firstRow)
      for (const col of TASK_COLUMNS) ws.mergeCells(t.firstRow, col, this.rowNo, col);
    ws.getRow(this.rowNo).commit();
  }

  private sheet(): ExcelJS.Worksheet {
    if (this.ws === null) throw new Error('LedgerWorkbook: no sheet begun');
    return this.ws;
  }
}
