import type { RetrospectiveReport } from '../retrospective/retrospective.types';
import { DEFINITIONS_ZH } from './definitions';
import { formatInstant, reportSheets, type ReportSheet, type ReportTable } from './report-sheets';

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
  'yearEndOutcome',
  'completedOn',
  'daysLate',
  'percent',
  'indicatorAttainment',
  'laterCompletion',
];

/** The review as a document: meta, overview, roll-ups, milestones, reasons, indicators, alerts, year end. */
export function* reportDocument(r: RetrospectiveReport): Generator<Section> {
  const sheets = new Map<ReportTable, ReportSheet>(reportSheets(r).map((s) => [s.id, s]));
  const sheet = (id: ReportTable): ReportSheet => sheets.get(id)!;
  const table = (id: ReportTable, empty: string, keys?: readonly string[]): Block =>
    keys ? { kind: 'table', sheet: sheet(id), keys, empty } : { kind: 'table', sheet: sheet(id), empty };

  yield {
    level: 2,
    title: '一、总览',
    blocks: [
      {
        kind: 'paragraph',
        text:
          `本回顾按 ${r.asOf} 的情况判定 ${r.year} 年度到期的 ${r.totals.milestones} 个里程碑的结果，` +
          `依据事件日志位置 ${r.position}` +
          (r.knownAt === null
            ? '（截至该位置的全部记录）'
            : `，只计 ${formatInstant(r.knownAt)} 前记录的报告`) +
          '。' +
          (r.provisional ? '年度尚未结束，结果为临时结果。' : ''),
      },
      table('overview', '—'),
    ],
  };
  yield { level: 2, title: '二、分类汇总', blocks: [] };
  yield { level: 3, title: '按功能区', blocks: [table('zones', '无')] };
  yield { level: 3, title: '按市区', blocks: [table('districts', '无')] };
  yield { level: 3, title: '按牵头单位', blocks: [table('lead-units', '无')] };
  yield { level: 3, title: '按板块', blocks: [table('sections', '无')] };
  yield {
    level: 2,
    title: '三、里程碑明细',
    blocks: [table('milestones', '本年度没有到期的里程碑。', MILESTONE_KEYS)],
  };

  const reasonBlocks: Block[] = [];
  for (const m of r.milestones) {
    if (m.reasons.length === 0) continue;
    reasonBlocks.push({
      kind: 'list',
      heading: `${m.milestoneId} ${m.taskTitle}（${m.outcomeLabel}）`,
      items: m.reasons.map(
        (x) =>
          `${x.occurredOn}｜${x.unit}${x.reportedBy ? `（${x.reportedBy}）` : ''}｜${x.kindLabel}：` +
          `“${x.text}”${x.detail ? `，${x.detail}` : ''}` +
          (x.backdated ? `（补报，记录于 ${formatInstant(x.recordedAt)}）` : '') +
          (x.afterYearEnd ? '（年后）' : ''),
      ),
    });
  }
  yield {
    level: 2,
    title: '四、滞后原因',
    blocks:
      reasonBlocks.length > 0
        ? reasonBlocks
        : [{ kind: 'paragraph', text: '历史记录中没有延期、退回、调整或取消的原因。' }],
  };
  yield { level: 2, title: '五、指标完成', blocks: [table('indicators', '本年度里程碑没有量化指标。')] };
  yield {
    level: 2,
    title: '六、跨年度里程碑进展',
    blocks: [
      table('in-progress', '没有跨年度、尚未到期的里程碑。', [
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
      ]),
    ],
  };
  yield { level: 2, title: '七、预警', blocks: [table('alerts', '本年度没有预警。')] };
  yield {
    level: 2,
    title: '八、年末已知与现在',
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
  yield {
    level: 2,
    title: '九、结账',
    blocks: [
      {
        kind: 'paragraph',
        text:
          r.closing === null
            ? '本年度尚未结账。'
            : `本年度已于 ${formatInstant(r.closing.closedAt)} 由 ${r.closing.closedBy} 结账（数据截至事件位置 ${r.closing.position}）。` +
              `结账时按期完成 ${r.closing.totals.counts.met_on_time} 个，现在 ${r.totals.counts.met_on_time} 个；` +
              `结账后结果变化 ${r.closing.changes.length} 个（见“年末后变化”）。` +
              (r.closing.note ? `结账说明：${r.closing.note}` : ''),
      },
    ],
  };
  yield { level: 2, title: '口径说明', blocks: [{ kind: 'definitions', items: DEFINITIONS_ZH }] };
}
