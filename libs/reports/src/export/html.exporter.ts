import type { RetrospectiveReport } from '../retrospective/report.types';
import { reportDocument, type Block } from './report-document';
import { formatCell, formatInstant } from './sheets';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Print CSS for A4: the page header sits in the `thead` of an outer table, which browsers repeat on every
 * printed page; data tables repeat their own header rows. Fonts come from the system (CJK families first), and
 * nothing is loaded from anywhere: no links, no images, no web fonts.
 */
const STYLE = `
@page { size: A4 portrait; margin: 12mm 11mm 14mm 11mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #1b1f24; font-size: 9.5pt; line-height: 1.45;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Serif CJK SC", "SimSun", sans-serif; }
@media screen { body { max-width: 200mm; margin: 0 auto; padding: 8mm; } }
table.page { width: 100%; border-collapse: collapse; }
table.page > thead > tr > td, table.page > tbody > tr > td { padding: 0; border: 0; }
.page-header { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 1mm 4mm; font-size: 7.5pt;
  color: #33475b; border-bottom: 0.6pt solid #6b7f99; padding: 0 0 1.2mm; margin: 0 0 3mm; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; break-after: avoid; page-break-after: avoid; border-left: 2.2mm solid #3a6ea5; padding-left: 2mm; }
h3 { font-size: 10.5pt; margin: 4mm 0 1.5mm; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 2mm; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.6mm 4mm; margin: 0 0 3mm; }
dl.meta dt { color: #55606e; } dl.meta dd { margin: 0; }
table.data { width: 100%; border-collapse: collapse; margin: 0 0 3mm; font-size: 7.8pt; }
table.data th, table.data td { border: 0.4pt solid #b7c3d0; padding: 0.8mm 1.2mm; vertical-align: top; }
table.data th { background: #e7eef7; text-align: left; font-weight: 600; }
table.data td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.data td.k { white-space: nowrap; }
table.data thead { display: table-header-group; }
table.data tr { break-inside: avoid; page-break-inside: avoid; }
.reasons h4 { font-size: 9pt; margin: 2.5mm 0 1mm; break-after: avoid; }
.reasons ul { margin: 0 0 1mm 4mm; padding: 0; } .reasons li { margin: 0 0 0.6mm; break-inside: avoid; }
dl.defs dt { font-weight: 600; } dl.defs dd { margin: 0 0 1.2mm 4mm; }
.empty { color: #55606e; }
.note { color: #55606e; font-size: 7.8pt; margin: -1.5mm 0 2mm; }
`;

function* blockChunks(b: Block): Generator<string> {
  switch (b.kind) {
    case 'paragraph':
      yield `<p>${escapeHtml(b.text)}</p>\n`;
      return;
    case 'list':
      yield `<div class="reasons"><h4>${escapeHtml(b.heading)}</h4><ul>`;
      for (const item of b.items) yield `<li>${escapeHtml(item)}</li>`;
      yield '</ul></div>\n';
      return;
    case 'definitions':
      yield '<dl class="defs">';
      for (const [term, def] of b.items) yield `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(def)}</dd>`;
      yield '</dl>\n';
      return;
    case 'table': {
      const columns = b.keys
        ? b.keys.map((k) => b.sheet.columns.findIndex((c) => c.key === k)).filter((i) => i >= 0)
        : b.sheet.columns.map((_, i) => i);
      let rows = 0;
      for (const row of b.sheet.rows()) {
        if (rows++ === 0) {
          yield `<table class="data"><thead><tr>${columns
            .map((i) => `<th>${escapeHtml(b.sheet.columns[i]!.header)}</th>`)
            .join('')}</tr></thead><tbody>\n`;
        }
        yield `<tr>${columns
          .map((i) => {
            const type = b.sheet.columns[i]!.type;
            const cell = row[i] ?? null;
            const t = typeof cell === 'object' && cell !== null ? cell.t : type;
            const text = formatCell(cell, type);
            // Numbers right-aligned; dates, ids and short labels (结果, 状态…) kept on one line.
            const cls =
              t === 'int' || t === 'number' || t === 'percent'
                ? ' class="n"'
                : t === 'date' ||
                    t === 'datetime' ||
                    b.sheet.columns[i]!.key === 'milestoneId' ||
                    text.length <= 6
                  ? ' class="k"'
                  : '';
            return `<td${cls}>${escapeHtml(text)}</td>`;
          })
          .join('')}</tr>\n`;
      }
      if (rows === 0) {
        yield `<p class="empty">${escapeHtml(b.empty)}</p>\n`;
        return;
      }
      yield '</tbody></table>\n';
      for (const note of b.sheet.notes) yield `<p class="note">${escapeHtml(note)}</p>\n`;
      return;
    }
    default: {
      const unknown: never = b;
      throw new Error(`Unexpected block ${JSON.stringify(unknown)}`);
    }
  }
}

/** The review as one printable HTML page (A4), in chunks. */
export function* htmlChunks(r: RetrospectiveReport): Generator<string> {
  const title = `${r.plan.title} ${r.year} 年度回顾`;
  const known = r.knownAt === null ? '最新' : formatInstant(r.knownAt);
  yield '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">';
  yield '<meta name="viewport" content="width=device-width, initial-scale=1">';
  yield `<meta name="generator" content="progress-monitor">`;
  yield `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>\n`;
  yield '<table class="page"><thead><tr><td><div class="page-header">';
  yield `<span>${escapeHtml(r.plan.title)}</span><span>${r.year} 年度回顾</span>`;
  yield `<span>截至 ${escapeHtml(r.asOf)}${r.provisional ? '（临时）' : ''}</span>`;
  yield `<span>已知截至 ${escapeHtml(known)}</span><span>事件位置 ${r.position}</span>`;
  yield '</div></td></tr></thead><tbody><tr><td>\n';
  yield `<h1>${escapeHtml(title)}</h1>\n<dl class="meta">`;
  const meta: [string, string][] = [
    ['计划', `${r.plan.title}（${r.plan.key}）`],
    ['年度', String(r.year)],
    ['截至日期', `${r.asOf}${r.provisional ? '（年度未结束，结果为临时）' : ''}`],
    [
      '已知截至（knownAt）',
      r.knownAt === null ? '最新（截至事件位置的全部记录）' : `${known}（${r.knownAt}）`,
    ],
    ['事件位置', String(r.position)],
  ];
  for (const [k, v] of meta) yield `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`;
  yield '</dl>\n';
  for (const section of reportDocument(r)) {
    yield `<h${section.level}>${escapeHtml(section.title)}</h${section.level}>\n`;
    for (const b of section.blocks) yield* blockChunks(b);
  }
  yield '</td></tr></tbody></table>\n</body></html>\n';
}
