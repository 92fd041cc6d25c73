import type { Section } from '../model/plan.model';
import type { Finding } from '../model/plan-finding.model';
import { PlanParseError } from './plan-parse.error';
import { readCells, type Cell, type DocumentLine } from './table-cells.reader';

/** Header cells of 附件2: 序号 | 重点事项 | 工作任务 | 三年工作计划 | 责任单位. */
const HEADER_KEYWORDS = ['序号', '重点事项', '工作任务', '工作计划', '责任单位'] as const;
const SECTION_HEADING = /^([一二三四五六七八九十]+)、\s*(.+)$/u;
const TASK_NUMBER = /^\d+$/u;
const NUMERALS = '一二三四五六七八九';

/** One row of 附件2 before its cells are interpreted. */
export interface TaskRow {
  readonly no: number;
  readonly numberInDocument: boolean;
  readonly section: Section;
  readonly title: string;
  readonly workTask: string;
  readonly plan: Cell;
  readonly responsibility: Cell;
  readonly line: number;
}

export interface TaskTable {
  readonly title: string;
  readonly sections: readonly Section[];
  readonly rows: readonly TaskRow[];
  readonly findings: readonly Finding[];
}

/** 一 → 1 … 十 → 10, 十二 → 12, 二十 → 20. */
export function chineseNumeral(numeral: string): number {
  const [tensText, unitsText] = numeral.includes('十') ? numeral.split('十') : ['', numeral];
  const digit = (s: string | undefined): number => (s ? NUMERALS.indexOf(s) + 1 : 0);
  return numeral.includes('十') ? (digit(tensText) || 1) * 10 + digit(unitsText) : digit(unitsText);
}

function isHeader(cells: readonly Cell[]): boolean {
  return HEADER_KEYWORDS.every((k, i) => cells[i]?.text.includes(k) === true);
}

function toSection(cell: Cell | undefined, zoneNames: readonly string[]): Section | undefined {
  const m = cell && SECTION_HEADING.exec(cell.text);
  if (!m) return undefined;
  const [, numeral = '', title = ''] = m;
  return {
    no: chineseNumeral(numeral),
    numeral,
    title,
    zone: zoneNames.find((z) => title.includes(z)) ?? null,
  };
}

function rowError(en: string, zh: string, line: number): PlanParseError {
  return new PlanParseError('TASK_ROW_MALFORMED', en, zh, line);
}

interface RowCells {
  readonly title: Cell;
  readonly workTask: Cell;
  readonly plan: Cell;
  readonly responsibility: Cell;
}

/** The cells of a row after its 序号: 重点事项, 工作任务, 三年工作计划, 责任单位; none may start a new row. */
function rowCells(cells: readonly Cell[], rowLine: number): RowCells {
  const [title, workTask, plan, responsibility] = cells;
  const startsNewRow = (c: Cell, i: number): boolean =>
    SECTION_HEADING.test(c.text) || (i > 0 && c.afterLostCell);
  if (!title || !workTask || !plan || !responsibility || cells.some(startsNewRow)) {
    throw rowError(
      'Task row is incomplete: expected 重点事项, 工作任务, 三年工作计划 and 责任单位',
      '重点任务分工表的行不完整：应有重点事项、工作任务、三年工作计划和责任单位四列',
      rowLine,
    );
  }
  return { title, workTask, plan, responsibility };
}

function missingNumberFinding(no: number, title: string, line: number): Finding {
  return {
    task: no,
    kind: 'missing-task-number',
    detail: `“${title}”一行缺少序号，按上一行顺延为${no}`,
    detailEn: `Row “${title}” has no 序号; numbered ${no}, continuing from the previous row`,
    line,
  };
}

function outOfSequenceFinding(no: number, expected: number, line: number): Finding {
  return {
    task: no,
    kind: 'task-number-out-of-sequence',
    detail: `序号${no}与上一行不连续（应为${expected}）`,
    detailEn: `序号 ${no} does not follow the previous row (expected ${expected})`,
    line,
  };
}

interface RowRead {
  readonly row: TaskRow;
  /** Index of the cell after the row. */
  readonly next: number;
  readonly finding: Finding | undefined;
}

/** Reads the row starting at `cells[at]`: a 序号 cell, or a 重点事项 cell after a lost 序号. */
function readRow(cells: readonly Cell[], at: number, previousNo: number, section: Section): RowRead {
  const first = cells[at];
  const numbered = first !== undefined && TASK_NUMBER.test(first.text);
  if (!first || (!numbered && !first.afterLostCell)) {
    const found = first?.text.slice(0, 20) ?? '';
    throw rowError(
      `Expected a task number (序号) or a section heading, found “${found}”`,
      `此处应为序号或部分标题，实为“${found}”`,
      first?.line ?? 0,
    );
  }
  const no = numbered ? Number(first.text) : previousNo + 1;
  const rowStart = numbered ? at + 1 : at;
  const cellsOfRow = rowCells(cells.slice(rowStart, rowStart + 4), first.line);
  const finding = !numbered
    ? missingNumberFinding(no, first.text, first.line)
    : no !== previousNo + 1
      ? outOfSequenceFinding(no, previousNo + 1, first.line)
      : undefined;
  return {
    row: {
      no,
      numberInDocument: numbered,
      section,
      title: cellsOfRow.title.text,
      workTask: cellsOfRow.workTask.text,
      plan: cellsOfRow.plan,
      responsibility: cellsOfRow.responsibility,
      line: first.line,
    },
    next: rowStart + 4,
    finding,
  };
}

/** Parses 附件2 (重点任务分工表) into sections and task rows; cells are interpreted later. */
export function parseTaskTable(lines: readonly DocumentLine[], zoneNames: readonly string[]): TaskTable {
  const { preamble, cells } = readCells(lines);
  if (!isHeader(cells)) {
    throw new PlanParseError(
      'TASK_TABLE_HEADER_MISSING',
      'Task table (附件2) has no header 序号 | 重点事项 | 工作任务 | 三年工作计划 | 责任单位',
      '附件2重点任务分工表缺少表头（序号、重点事项、工作任务、三年工作计划、责任单位）',
      cells[0]?.line ?? preamble[0]?.no,
    );
  }
  const sections: Section[] = [];
  const rows: TaskRow[] = [];
  const findings: Finding[] = [];
  let at: number = HEADER_KEYWORDS.length;
  while (at < cells.length) {
    const section = toSection(cells[at], zoneNames);
    if (section) {
      sections.push(section);
      at += 1;
      continue;
    }
    const current = sections.at(-1);
    if (!current) {
      throw rowError(
        'Task row before any section heading (一、…)',
        '重点任务出现在第一个部分标题（一、……）之前',
        cells[at]?.line ?? 0,
      );
    }
    const { row, next, finding } = readRow(cells, at, rows.at(-1)?.no ?? 0, current);
    rows.push(row);
    if (finding) findings.push(finding);
    at = next;
  }
  return { title: preamble.map((l) => l.text).join(''), sections, rows, findings };
}
