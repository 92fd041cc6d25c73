import type { RetrospectiveReport } from '../retrospective/report.types';
import { DEFINITIONS_ZH } from './definitions';
import { assignmentsSheet } from './sheets/assignments.sheet';
import { assignmentUnits, formatInstant, reportSheets, type ReportSheet, type ReportTable } from './sheets';

/** A block of the printable review (Markdown and HTML render the same document). */
export type Block =
  | {
      readonly kind: 'table';
      readonly sheet: ReportSheet;
      /** The columns shown (default: all). */
      readonly keys?: readonly string[];
      readonly empty: string;
    }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly heading: string; readonly items: readonly string[] }
  | { readonly kind: 'definitions'; readonly items: readonly (readonly [string, string])[] };

export interface Section {
  readonly level: 2 | 3;
  readonly title: string;
  readonly blocks: readonly Block[];
}

/** The columns of the milestone table that fit an A4 page. */
const MILESTONE_KEYS = [
  'no',
  'milestoneId',
  'taskTitle',
  'leadUnits',
  'baselineDueDate',
  'dueDate',
  'outcome',
  'spread',
  'yearEndOutcome',
  'completedOn',
  'daysLate',
  'percent',
  'indicatorAttainment',
  'laterCompletion',
];
const ASSIGNMENT_KEYS = [
  'milestoneId',
  'leadUnits',
  'outcome',
  'yearEndOutcome',
  'completedOn',
  'daysLate',
  'percent',
  'indicatorAttainment',
  'reasons',
  'lastReportOn',
];
const IN_PROGRESS_KEYS = [
  'milestoneId',
  'taskTitle',
  'period',
  'dueDate',
  'leadUnits',
  'lifecycle',
  'percent',
  'expectedPercent',
  'lastReportOn',
  'forecastDate',
];

function overviewText(r: RetrospectiveReport): string {
  return (
    `本回顾按 ${r.asOf} 的情况判定 ${r.year} 年度到期的 ${r.totals.total} 个里程碑` +
    `（${r.assignmentTotals.total} 个承办事项）的结果，依据事件日志位置 ${r.position}` +
    (r.knownAt === null ? '（截至该位置的全部记录）' : `，只计 ${formatInstant(r.knownAt)} 前记录的报告`) +
    '。' +
    (r.provisional ? '年度尚未结束，结果为临时结果。' : '')
  );
}

function reasonBlocks(r: RetrospectiveReport): Block[] {
  const blocks: Block[] = [];
  for (const m of r.milestones) {
    if (m.reasons.length === 0) continue;
    const shared = m.assignments.length > 1;
    blocks.push({
      kind: 'list',
      heading: `${m.milestoneId} ${m.taskTitle}（${m.outcomeLabel}）`,
      items: m.reasons.map(
        (x) =>
          `${x.occurredOn}｜${x.unit}${x.reportedBy ? `（${x.reportedBy}）` : ''}｜${x.kindLabel}：` +
          `“${x.text}”${x.detail ? `，${x.detail}` : ''}` +
          (shared ? `｜承办：${assignmentUnits(m, x.assignments)}` : '') +
          (x.backdated ? `（补报，记录于 ${formatInstant(x.recordedAt)}）` : '') +
          (x.afterYearEnd ? '（年后）' : ''),
      ),
    });
  }
  return blocks.length > 0
    ? blocks
    : [{ kind: 'paragraph', text: '历史记录中没有延期、退回、调整或取消的原因。' }];
}

function closingText(r: RetrospectiveReport): string {
  const c = r.closing;
  if (c === null) return '本年度尚未结账。';
  return (
    `本年度已于 ${formatInstant(c.closedAt)} 由 ${c.closedBy} 结账（数据截至事件位置 ${c.position}）。` +
    `结账时按期完成 ${c.totals.counts.met_on_time} 个，现在 ${r.totals.counts.met_on_time} 个；` +
    `结账后结果变化 ${c.changes.length} 个（见“年末后变化”）。` +
    (c.note ? `结账说明：${c.note}` : '')
  );
}

/**
 * The review as a document: overview, roll-ups, milestones and their assignments, reasons, indicators, standing
 * items, alerts, year end, closing, definitions.
 */
export function* reportDocument(r: RetrospectiveReport): Generator<Section> {
  const sheets = new Map<ReportTable, ReportSheet>(reportSheets(r).map((s) => [s.id, s]));
  const table = (id: ReportTable, empty: string, keys?: readonly string[]): Block => ({
    kind: 'table',
    sheet: sheets.get(id)!,
    empty,
    ...(keys ? { keys } : {}),
  });
  yield {
    level: 2,
    title: '一、总览',
    blocks: [{ kind: 'paragraph', text: overviewText(r) }, table('overview', '—')],
  };
  yield { level: 2, title: '二、分类汇总', blocks: [] };
  yield { level: 3, title: '按功能区', blocks: [table('zones', '无')] };
  yield { level: 3, title: '按市区', blocks: [table('districts', '无')] };
  yield { level: 3, title: '按牵头单位（按承办事项）', blocks: [table('lead-units', '无')] };
  yield { level: 3, title: '按板块', blocks: [table('sections', '无')] };
  yield {
    level: 2,
    title: '三、里程碑明细',
    blocks: [table('milestones', '本年度没有到期的里程碑。', MILESTONE_KEYS)],
  };
  const shared = assignmentsSheet(r, (m) => m.assignments.length > 1);
  yield {
    level: 2,
    title: '四、分别牵头里程碑的承办事项',
    blocks: [
      {
        kind: 'paragraph',
        text: '只有一个承办事项的里程碑，其承办事项即里程碑本身（见上表）；完整清单见 Excel“承办事项明细”。',
      },
      {
        kind: 'table',
        sheet: shared,
        keys: ASSIGNMENT_KEYS,
        empty: '本年度没有多个牵头单位分别承办的里程碑。',
      },
    ],
  };
  yield { level: 2, title: '五、滞后原因', blocks: reasonBlocks(r) };
  yield { level: 2, title: '六、指标完成', blocks: [table('indicators', '本年度里程碑没有量化指标。')] };
  yield {
    level: 2,
    title: '七、跨年度里程碑进展',
    blocks: [table('in-progress', '没有跨年度、尚未到期的里程碑。', IN_PROGRESS_KEYS)],
  };
  yield { level: 2, title: '八、常态化事项年终情况', blocks: [table('standing', '本年度没有常态化事项。')] };
  yield { level: 2, title: '九、预警', blocks: [table('alerts', '本年度没有预警。')] };
  yield {
    level: 2,
    title: '十、年末已知与现在',
    blocks: [
      {
        kind: 'paragraph',
        text:
          `年末截止：${formatInstant(r.yearEnd.cutoff)}（北京时间，次日零点），当时的事件位置 ${r.yearEnd.position}。` +
          `此后记录、关于本年度的报告 ${r.yearEnd.lateReports.length} 条，改变结果 ${r.yearEnd.changes.length} 个。`,
      },
      table('after-year-end', '年末之后没有关于本年度的补报，结果没有变化。'),
    ],
  };
  yield { level: 2, title: '十一、结账', blocks: [{ kind: 'paragraph', text: closingText(r) }] };
  yield { level: 2, title: '口径说明', blocks: [{ kind: 'definitions', items: DEFINITIONS_ZH }] };
}
