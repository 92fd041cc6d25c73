/**
 * The document's tables are flattened to text: every cell starts with a tab; a cell that spans several
 * lines (the three-year plan) continues on lines without a tab. A row whose 序号 cell was lost starts with
 * a space and a tab, followed by its 重点事项 on the same line.
 */

export interface DocumentLine {
  /** The line without its line ending. */
  readonly text: string;
  /** 1-based line number in the document. */
  readonly no: number;
}

export interface Cell {
  /** Lines of the cell, each trimmed, blank lines dropped, joined with `\n`. */
  readonly text: string;
  readonly lines: readonly DocumentLine[];
  /** Line where the cell starts. */
  readonly line: number;
  /** The cell is preceded by a stray space instead of a cell: the row lost its first cell (序号). */
  readonly afterLostCell: boolean;
}

export interface CellStream {
  /** Lines before the first cell (the table's title). */
  readonly preamble: readonly DocumentLine[];
  readonly cells: readonly Cell[];
}

/** Lines of a text (BOM and line endings removed; a final line ending does not start another line). */
export function toDocumentLines(text: string): DocumentLine[] {
  const lines = text.replace(/^\uFEFF/u, '').split(/\r\n|\r|\n/u);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines.map((t, i) => ({ text: t, no: i + 1 }));
}

interface CellDraft {
  lines: DocumentLine[];
  line: number;
  afterLostCell: boolean;
}

function finish(draft: CellDraft): Cell {
  const lines = draft.lines.filter((l) => l.text.length > 0);
  return {
    text: lines.map((l) => l.text).join('\n'),
    lines,
    line: draft.line,
    afterLostCell: draft.afterLostCell,
  };
}

export function readCells(lines: readonly DocumentLine[]): CellStream {
  const preamble: DocumentLine[] = [];
  const drafts: CellDraft[] = [];
  for (const line of lines) {
    const [lead = '', ...cellTexts] = line.text.split('\t');
    const current = drafts.at(-1);
    const leadText = lead.trim();
    if (leadText.length > 0) {
      if (current) current.lines.push({ text: leadText, no: line.no });
      else preamble.push({ text: leadText, no: line.no });
    }
    cellTexts.forEach((cellText, i) => {
      drafts.push({
        lines: [{ text: cellText.trim(), no: line.no }],
        line: line.no,
        afterLostCell: i === 0 && lead.length > 0 && leadText.length === 0,
      });
    });
  }
  return { preamble, cells: drafts.map(finish) };
}
