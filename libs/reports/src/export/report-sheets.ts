import { PLAN_TIME_ZONE } from '@app/milestones';
import {
  OUTCOME_LABELS_ZH,
  OUTCOMES,
  type Outcome,
  type OutcomeCounts,
  type RetrospectiveReport,
  type RollupRow,
} from '../retrospective/retrospective.types';

/** How a cell is typed in Excel (and formatted in CSV, Markdown and HTML). */
export type CellType = 'text' | 'int' | 'number' | 'percent' | 'date' | 'datetime';

/** A cell whose type differs from its column's (the overview mixes dates, counts and rates). */
export interface TypedCell {
  readonly t: CellType;
  readonly v: string | number | null;
}
export type Cell = string | number | null | TypedCell;

export interface SheetColumn {
  readonly key: string;
  readonly header: string;
  /** Excel column width (characters; a Chinese character counts about 2). */
  readonly width: number;
  readonly type: CellType;
}

export interface ReportSheet {
  readonly id: ReportTable;
  readonly name: string;
  readonly columns: readonly SheetColumn[];
  /** Freeze this many columns besides the header rows. */
  readonly frozenColumns: number;
  readonly rows: () => Iterable<Cell[]>;
}

/** Sheets / tables, in workbook order; `table=` of the CSV export takes one of these ids. */
export const REPORT_TABLES = [
  'overview',
  'zones',
  'districts',
  'lead-units',
  'sections',
  'milestones',
  'reasons',
  'indicators',
  'alerts',
  'after-year-end',
  'in-progress',
] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

const dateTimeFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: PLAN_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** An instant as wall-clock time in the plan's zone: `YYYY-MM-DD HH:mm`. */
export function formatInstant(iso: string): string {
  const parts = dateTimeFormat.formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** A cell as text (CSV, Markdown, HTML). */
export function formatCell(cell: Cell, type: CellType): string {
  const { t, v } = typeof cell === 'object' && cell !== null ? cell : { t: type, v: cell };
  if (v === null || v === '') return '';
  switch (t) {
    case 'percent':
      return typeof v === 'number' ? formatPercent(v) : v;
    case 'datetime':
      return typeof v === 'string' ? formatInstant(v) : String(v);
    case 'number':
      return typeof v === 'number' ? String(v) : v;
    case 'int':
    case 'date':
    case 'text':
      return String(v);
    default: {
      const unknown: never = t;
      throw new Error(`Unexpected cell type ${String(unknown)}`);
    }
  }
}

/** The line every sheet, page and file starts with: plan, year, as-of, knownAt and event position. */
export function reportCaption(r: RetrospectiveReport): string {
  const known = r.knownAt === null ? '最新' : formatInstant(r.knownAt);
  return (
    `${r.plan.title}｜${r.year}年度回顾｜截至 ${r.asOf}${r.provisional ? '（年度未结束，结果为临时）' : ''}` +
    `｜已知截至 ${known}｜事件位置 ${r.position}`
  );
}

const yes = (b: boolean): string => (b ? '是' : '否');
const pct = (n: number | null): TypedCell => ({ t: 'percent', v: n === null ? null : n / 100 });

/** The outcome columns shown: `not_due` only in a provisional review. */
export function shownOutcomes(r: RetrospectiveReport): readonly Outcome[] {
  return OUTCOMES.filter((o) => o !== 'not_due' || r.provisional);
}

function onTimeRate(counts: OutcomeCounts, total: number): number | null {
  const judged = total - counts.cancelled - counts.not_due;
  return judged > 0 ? Math.round((counts.met_on_time / judged) * 10000) / 10000 : null;
}

function rollupSheet(
  r: RetrospectiveReport,
  id: ReportTable,
  name: string,
  header: string,
  rows: readonly RollupRow[],
): ReportSheet {
  const outcomes = shownOutcomes(r);
  return {
    id,
    name,
    frozenColumns: 1,
    columns: [
      { key: 'label', header, width: 30, type: 'text' },
      { key: 'milestones', header: '里程碑数', width: 10, type: 'int' },
      ...outcomes.map((o) => ({ key: o, header: OUTCOME_LABELS_ZH[o], width: 10, type: 'int' as const })),
      { key: 'onTimeRate', header: '按期完成率', width: 12, type: 'percent' },
      { key: 'meanDaysLate', header: '平均逾期天数', width: 13, type: 'number' },
      { key: 'maxDaysLate', header: '最长逾期天数', width: 13, type: 'int' },
    ],
    rows: function* () {
      for (const row of [...rows, r.totals]) {
        yield [
          row === r.totals ? '合计（不重复计数）' : row.label,
          row.milestones,
          ...outcomes.map((o) => row.counts[o]),
          row.onTimeRate,
          row.meanDaysLate,
          row.maxDaysLate,
        ];
      }
    },
  };
}

function overviewSheet(r: RetrospectiveReport): ReportSheet {
  const closing = r.closing;
  const yeTotal = OUTCOMES.reduce((a, o) => a + r.yearEnd.counts[o], 0);
  const int = (v: number | null): TypedCell => ({ t: 'int', v });
  const rate = (v: number | null): TypedCell => ({ t: 'percent', v });
  return {
    id: 'overview',
    name: '总览',
    frozenColumns: 1,
    columns: [
      { key: 'item', header: '项目', width: 30, type: 'text' },
      { key: 'now', header: '现在', width: 26, type: 'text' },
      { key: 'yearEnd', header: '年末已知', width: 14, type: 'text' },
      { key: 'closed', header: '结账时', width: 14, type: 'text' },
    ],
    rows: function* () {
      yield ['计划', r.plan.title, null, null];
      yield ['计划编号', r.plan.key, null, null];
      yield ['年度', int(r.year), null, null];
      yield ['截至日期', { t: 'date', v: r.asOf }, null, null];
      yield ['临时结果（年度未结束）', yes(r.provisional), null, null];
      yield [
        '已知截至（knownAt）',
        r.knownAt === null ? '最新' : { t: 'datetime', v: r.knownAt },
        null,
        null,
      ];
      yield ['计算所用事件位置', int(r.position), int(r.yearEnd.position), int(closing?.position ?? null)];
      yield ['年末截止时点', { t: 'datetime', v: r.yearEnd.cutoff }, null, null];
      yield ['里程碑数', int(r.totals.milestones), int(yeTotal), int(closing?.totals.milestones ?? null)];
      for (const o of shownOutcomes(r)) {
        yield [
          OUTCOME_LABELS_ZH[o],
          int(r.totals.counts[o]),
          int(r.yearEnd.counts[o]),
          int(closing?.totals.counts[o] ?? null),
        ];
      }
      yield [
        '按期完成率',
        rate(r.totals.onTimeRate),
        rate(onTimeRate(r.yearEnd.counts, yeTotal)),
        rate(closing?.totals.onTimeRate ?? null),
      ];
      yield [
        '平均逾期天数（逾期完成的）',
        { t: 'number', v: r.totals.meanDaysLate },
        null,
        { t: 'number', v: closing?.totals.meanDaysLate ?? null },
      ];
      yield ['最长逾期天数', int(r.totals.maxDaysLate), null, int(closing?.totals.maxDaysLate ?? null)];
      yield ['跨年度里程碑（未到期）', int(r.inProgress.length), null, null];
      yield ['预警触发', int(r.alerts.raised), null, null];
      yield ['预警已确认', int(r.alerts.acknowledged), null, null];
      yield ['确认用时中位数（小时）', { t: 'number', v: r.alerts.medianHoursToAcknowledge }, null, null];
      yield ['年末后补报（关于本年度）', int(r.yearEnd.lateReports.length), null, null];
      yield ['结果变化（年末已知 → 现在）', int(r.yearEnd.changes.length), null, null];
      yield [
        '结账',
        closing === null
          ? '未结账'
          : `已结账：${formatInstant(closing.closedAt)}，${closing.closedBy}，事件位置 ${closing.position}`,
        null,
        null,
      ];
      if (closing !== null) {
        yield ['结账后结果变化', int(closing.changes.length), null, null];
        if (closing.note) yield ['结账说明', closing.note, null, null];
      }
    },
  };
}

function milestonesSheet(r: RetrospectiveReport): ReportSheet {
  return {
    id: 'milestones',
    name: '里程碑明细',
    frozenColumns: 2,
    columns: [
      { key: 'no', header: '序号', width: 6, type: 'int' },
      { key: 'milestoneId', header: '里程碑编号', width: 26, type: 'text' },
      { key: 'section', header: '板块', width: 6, type: 'int' },
      { key: 'taskNo', header: '事项序号', width: 8, type: 'int' },
      { key: 'taskTitle', header: '重点事项', width: 30, type: 'text' },
      { key: 'text', header: '年度计划', width: 50, type: 'text' },
      { key: 'period', header: '计划期', width: 11, type: 'text' },
      { key: 'zones', header: '功能区', width: 18, type: 'text' },
      { key: 'districts', header: '市区', width: 24, type: 'text' },
      { key: 'leadUnits', header: '牵头单位', width: 28, type: 'text' },
      { key: 'cooperatingUnits', header: '配合单位', width: 30, type: 'text' },
      { key: 'baselineDueDate', header: '原定完成时限', width: 13, type: 'date' },
      { key: 'dueDate', header: '现完成时限', width: 13, type: 'date' },
      { key: 'carriedOver', header: '上年结转', width: 9, type: 'text' },
      { key: 'outcome', header: '结果', width: 13, type: 'text' },
      { key: 'yearEndOutcome', header: '年末已知结果', width: 13, type: 'text' },
      { key: 'lifecycle', header: '状态', width: 9, type: 'text' },
      { key: 'completedOn', header: '完成日期', width: 12, type: 'date' },
      { key: 'acceptedOn', header: '销号日期', width: 12, type: 'date' },
      { key: 'daysLate', header: '逾期天数', width: 9, type: 'int' },
      { key: 'daysLateVsBaseline', header: '较原定逾期天数', width: 13, type: 'int' },
      { key: 'percent', header: '进度', width: 8, type: 'percent' },
      { key: 'indicatorAttainment', header: '指标完成率', width: 11, type: 'percent' },
      { key: 'indicators', header: '达标指标', width: 9, type: 'text' },
      { key: 'rebaselines', header: '调整完成时限（原因）', width: 40, type: 'text' },
      { key: 'cancellation', header: '取消原因', width: 30, type: 'text' },
      { key: 'laterCompletion', header: '年后完成', width: 24, type: 'text' },
      { key: 'reasons', header: '原因条数', width: 9, type: 'int' },
      { key: 'alerts', header: '预警次数', width: 9, type: 'int' },
      { key: 'lastReportOn', header: '最近报告', width: 12, type: 'date' },
    ],
    rows: function* () {
      let no = 0;
      for (const m of r.milestones) {
        no++;
        yield [
          no,
          m.milestoneId,
          m.section,
          m.taskNo,
          m.taskTitle,
          m.text,
          m.period.from === m.period.to ? String(m.period.to) : `${m.period.from}-${m.period.to}`,
          m.zones.join('、'),
          m.districts.join('、'),
          m.leadUnits.join('、'),
          m.cooperatingUnits.join('、'),
          m.baselineDueDate,
          m.dueDate,
          yes(m.carriedOver),
          m.outcomeLabel,
          OUTCOME_LABELS_ZH[m.yearEndOutcome],
          m.lifecycleLabel,
          m.completedOn,
          m.acceptedOn,
          m.daysLate,
          m.daysLateVsBaseline,
          pct(m.percent),
          m.indicatorAttainment,
          m.indicators.length === 0 ? '' : `${m.indicatorsMet}/${m.indicators.length}`,
          m.rebaselines.map((b) => `${b.from} → ${b.to}（${b.on} ${b.unit}：${b.reason}）`).join('；'),
          m.cancellation ? `${m.cancellation.on} ${m.cancellation.unit}：${m.cancellation.reason}` : '',
          m.laterCompletion
            ? `${m.laterCompletion.completedOn}（逾期${m.laterCompletion.daysLate}天${m.laterCompletion.accepted ? '' : '，待核验'}）`
            : '',
          m.reasons.length,
          m.alertsRaised,
          m.lastReportOn,
        ];
      }
    },
  };
}

function reasonsSheet(r: RetrospectiveReport): ReportSheet {
  return {
    id: 'reasons',
    name: '滞后原因',
    frozenColumns: 1,
    columns: [
      { key: 'milestoneId', header: '里程碑编号', width: 26, type: 'text' },
      { key: 'taskTitle', header: '重点事项', width: 28, type: 'text' },
      { key: 'kind', header: '类型', width: 13, type: 'text' },
      { key: 'text', header: '原因（原文）', width: 50, type: 'text' },
      { key: 'detail', header: '说明', width: 26, type: 'text' },
      { key: 'occurredOn', header: '发生日期', width: 12, type: 'date' },
      { key: 'recordedAt', header: '记录时间', width: 17, type: 'datetime' },
      { key: 'backdated', header: '补报', width: 6, type: 'text' },
      { key: 'unit', header: '单位', width: 24, type: 'text' },
      { key: 'reportedBy', header: '报告人', width: 16, type: 'text' },
      { key: 'afterYearEnd', header: '年后发生', width: 9, type: 'text' },
    ],
    rows: function* () {
      for (const m of r.milestones) {
        for (const x of m.reasons) {
          yield [
            x.milestoneId,
            m.taskTitle,
            x.kindLabel,
            x.text,
            x.detail,
            x.occurredOn,
            x.recordedAt,
            yes(x.backdated),
            x.unit,
            x.reportedBy,
            yes(x.afterYearEnd),
          ];
        }
      }
    },
  };
}

function indicatorsSheet(r: RetrospectiveReport): ReportSheet {
  return {
    id: 'indicators',
    name: '指标完成',
    frozenColumns: 1,
    columns: [
      { key: 'milestoneId', header: '里程碑编号', width: 26, type: 'text' },
      { key: 'taskTitle', header: '重点事项', width: 28, type: 'text' },
      { key: 'metric', header: '指标', width: 40, type: 'text' },
      { key: 'comparator', header: '比较', width: 6, type: 'text' },
      { key: 'unit', header: '单位', width: 8, type: 'text' },
      { key: 'baselineTarget', header: '原定目标', width: 10, type: 'number' },
      { key: 'target', header: '目标', width: 10, type: 'number' },
      { key: 'actual', header: '实际', width: 10, type: 'number' },
      { key: 'attainment', header: '完成率', width: 10, type: 'percent' },
      { key: 'met', header: '是否达标', width: 9, type: 'text' },
      { key: 'source', header: '计划原文', width: 50, type: 'text' },
    ],
    rows: function* () {
      for (const m of r.milestones) {
        for (const i of m.indicators) {
          yield [
            i.milestoneId,
            m.taskTitle,
            i.metric,
            i.comparator,
            i.unit,
            i.baselineTarget,
            i.target,
            i.actual,
            i.attainment,
            i.met === null ? '未报告' : yes(i.met),
            i.source,
          ];
        }
      }
    },
  };
}

function alertsSheet(r: RetrospectiveReport): ReportSheet {
  return {
    id: 'alerts',
    name: '预警',
    frozenColumns: 1,
    columns: [
      { key: 'rule', header: '规则', width: 22, type: 'text' },
      { key: 'label', header: '规则名称', width: 18, type: 'text' },
      { key: 'raised', header: '触发次数', width: 10, type: 'int' },
      { key: 'acknowledged', header: '已确认', width: 10, type: 'int' },
      { key: 'unacknowledged', header: '未确认', width: 10, type: 'int' },
      { key: 'median', header: '确认用时中位数（小时）', width: 22, type: 'number' },
    ],
    rows: function* () {
      for (const a of r.alerts.byRule) {
        yield [a.rule, a.label, a.raised, a.acknowledged, a.unacknowledged, a.medianHoursToAcknowledge];
      }
      const t = r.alerts;
      yield ['合计', '', t.raised, t.acknowledged, t.unacknowledged, t.medianHoursToAcknowledge];
    },
  };
}

function afterYearEndSheet(r: RetrospectiveReport): ReportSheet {
  const titles = new Map(r.milestones.map((m) => [m.milestoneId, m.taskTitle]));
  return {
    id: 'after-year-end',
    name: '年末后变化',
    frozenColumns: 1,
    columns: [
      { key: 'category', header: '类别', width: 22, type: 'text' },
      { key: 'milestoneId', header: '里程碑编号', width: 26, type: 'text' },
      { key: 'taskTitle', header: '重点事项', width: 28, type: 'text' },
      { key: 'what', header: '内容', width: 44, type: 'text' },
      { key: 'occurredAt', header: '发生时间', width: 17, type: 'datetime' },
      { key: 'recordedAt', header: '记录时间', width: 17, type: 'datetime' },
      { key: 'unit', header: '单位', width: 22, type: 'text' },
      { key: 'from', header: '原结果', width: 13, type: 'text' },
      { key: 'to', header: '现结果', width: 13, type: 'text' },
    ],
    rows: function* () {
      for (const l of r.yearEnd.lateReports) {
        yield [
          '年末后补报',
          l.milestoneId,
          titles.get(l.milestoneId) ?? '',
          `${l.label}：${l.summary}`,
          l.occurredAt,
          l.recordedAt,
          l.unit,
          null,
          null,
        ];
      }
      for (const c of r.yearEnd.changes) {
        yield [
          '结果变化（年末已知 → 现在）',
          c.milestoneId,
          c.taskTitle,
          '',
          null,
          null,
          '',
          c.fromLabel,
          c.toLabel,
        ];
      }
      for (const c of r.closing?.changes ?? []) {
        yield [
          '结账后变化（结账时 → 现在）',
          c.milestoneId,
          c.taskTitle,
          '',
          null,
          null,
          '',
          c.fromLabel,
          c.toLabel,
        ];
      }
    },
  };
}

function inProgressSheet(r: RetrospectiveReport): ReportSheet {
  return {
    id: 'in-progress',
    name: '跨年度进展',
    frozenColumns: 1,
    columns: [
      { key: 'milestoneId', header: '里程碑编号', width: 26, type: 'text' },
      { key: 'taskTitle', header: '重点事项', width: 28, type: 'text' },
      { key: 'text', header: '计划内容', width: 50, type: 'text' },
      { key: 'period', header: '计划期', width: 11, type: 'text' },
      { key: 'dueDate', header: '完成时限', width: 12, type: 'date' },
      { key: 'leadUnits', header: '牵头单位', width: 28, type: 'text' },
      { key: 'lifecycle', header: '状态', width: 9, type: 'text' },
      { key: 'percent', header: '进度', width: 8, type: 'percent' },
      { key: 'expectedPercent', header: '应达进度', width: 9, type: 'percent' },
      { key: 'lastReportOn', header: '最近报告', width: 12, type: 'date' },
      { key: 'forecastDate', header: '预计完成', width: 12, type: 'date' },
      { key: 'delays', header: '延期次数', width: 9, type: 'int' },
    ],
    rows: function* () {
      for (const p of r.inProgress) {
        yield [
          p.milestoneId,
          p.taskTitle,
          p.text,
          `${p.period.from}-${p.period.to}`,
          p.dueDate,
          p.leadUnits.join('、'),
          p.lifecycleLabel,
          pct(p.percent),
          pct(p.expectedPercent),
          p.lastReportOn,
          p.forecastDate,
          p.delays,
        ];
      }
    },
  };
}

/** Every table of the review, in workbook order (the first nine are the sheets the issue names). */
export function reportSheets(r: RetrospectiveReport): ReportSheet[] {
  return [
    overviewSheet(r),
    rollupSheet(r, 'zones', '按功能区', '功能区', r.rollups.zone),
    rollupSheet(r, 'districts', '按市区', '市（区）', r.rollups.district),
    rollupSheet(r, 'lead-units', '按牵头单位', '牵头单位', r.rollups.leadUnit),
    rollupSheet(r, 'sections', '按板块', '板块', r.rollups.section),
    milestonesSheet(r),
    reasonsSheet(r),
    indicatorsSheet(r),
    alertsSheet(r),
    afterYearEndSheet(r),
    inProgressSheet(r),
  ];
}

export function reportSheet(r: RetrospectiveReport, id: ReportTable): ReportSheet {
  const sheet = reportSheets(r).find((s) => s.id === id);
  if (!sheet) throw new Error(`No table ${id}`);
  return sheet;
}
