import type { RetrospectiveReport } from '../retrospective/report.types';
import { reportDocument, type Block } from './report-document';
import { formatCell, reportCaption } from './sheets';

/** Text as Markdown: pipes and backslashes escaped, one line, and no raw HTML from what people typed. */
function md(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

function* blockChunks(b: Block): Generator<string> {
  switch (b.kind) {
    case 'paragraph':
      yield `${md(b.text)}\n\n`;
      return;
    case 'list':
      yield `**${md(b.heading)}**\n\n`;
      for (const item of b.items) yield `- ${md(item)}\n`;
      yield '\n';
      return;
    case 'definitions':
      for (const [term, def] of b.items) yield `- **${md(term)}**：${md(def)}\n`;
      yield '\n';
      return;
    case 'table': {
      const columns = b.keys
        ? b.keys.map((k) => b.sheet.columns.findIndex((c) => c.key === k)).filter((i) => i >= 0)
        : b.sheet.columns.map((_, i) => i);
      let rows = 0;
      for (const row of b.sheet.rows()) {
        if (rows++ === 0) {
          yield `| ${columns.map((i) => md(b.sheet.columns[i]!.header)).join(' | ')} |\n`;
          yield `|${columns.map((i) => (b.sheet.columns[i]!.type === 'text' ? ' --- |' : ' ---: |')).join('')}\n`;
        }
        yield `| ${columns.map((i) => md(formatCell(row[i] ?? null, b.sheet.columns[i]!.type))).join(' | ')} |\n`;
      }
      if (rows === 0) {
        yield `${md(b.empty)}\n\n`;
        return;
      }
      yield '\n';
      for (const note of b.sheet.notes) yield `> ${md(note)}\n\n`;
      return;
    }
    default: {
      const unknown: never = b;
      throw new Error(`Unexpected block ${JSON.stringify(unknown)}`);
    }
  }
}

/** The review as Markdown (GitHub tables), in chunks. */
export function* markdownChunks(r: RetrospectiveReport): Generator<string> {
  yield `# ${md(r.plan.title)} ${r.year} 年度回顾\n\n`;
  yield `> ${md(reportCaption(r))}\n\n`;
  yield `- 计划：${md(r.plan.title)}（${r.plan.key}）\n`;
  yield `- 年度：${r.year}\n`;
  yield `- 截至日期（as of）：${r.asOf}${r.provisional ? '（年度未结束，结果为临时）' : ''}\n`;
  yield `- 已知截至（knownAt）：${r.knownAt ?? '最新（截至下列事件位置的全部记录）'}\n`;
  yield `- 事件位置（position）：${r.position}\n\n`;
  for (const section of reportDocument(r)) {
    yield `${'#'.repeat(section.level)} ${md(section.title)}\n\n`;
    for (const b of section.blocks) yield* blockChunks(b);
  }
}
