import { LEAD_MODE_LABELS_ZH } from '@app/milestones/labels';
import { CITY_WIDE_ZONE } from '@app/milestones';
import { OUTCOME_LABELS_ZH } from '../../retrospective/outcome';
import type { RetrospectiveReport } from '../../retrospective/report.types';
import type { MilestoneReview } from '../../retrospective/review.types';
import { outcomeSpread, pct, periodText, yes, type Cell, type ReportSheet } from './sheet-model';

/** The cells the milestone and assignment sheets share: outcome facts after the milestone's own columns. */
export function laterCompletionText(m: Pick<MilestoneReview, 'laterCompletion'>): string {
  const l = m.laterCompletion;
  return l ? `${l.completedOn}（逾期${l.daysLate}天${l.accepted ? '' : '，待核验'}）` : '';
}
export function rebaselineText(m: Pick<MilestoneReview, 'rebaselines'>): string {
  return m.rebaselines.map((b) => `${b.from} → ${b.to}（${b.on} ${b.unit}：${b.reason}）`).join('；');
}
export function cancellationText(m: Pick<MilestoneReview, 'cancellation'>): string {
  return m.cancellation ? `${m.cancellation.on} ${m.cancellation.unit}：${m.cancellation.reason}` : '';
}

function row(no: number, m: MilestoneReview): Cell[] {
  return [
    no,
    m.milestoneId,
    m.section,
    m.taskNo,
    m.taskTitle,
    m.text,
    periodText(m.period),
    m.cityWide ? CITY_WIDE_ZONE : m.zones.join('、'),
    m.districts.join('、'),
    LEAD_MODE_LABELS_ZH[m.leadMode],
    m.leadUnits.join('、'),
    m.cooperatingUnits.join('、'),
    m.baselineDueDate,
    m.dueDate,
    yes(m.carriedOver),
    m.outcomeLabel,
    m.assignments.length,
    outcomeSpread(m.assignmentCounts),
    OUTCOME_LABELS_ZH[m.yearEndOutcome],
    m.lifecycleLabel,
    m.completedOn,
    m.acceptedOn,
    m.daysLate,
    m.daysLateVsBaseline,
    pct(m.percent),
    m.percentRange === null ? '' : `${m.percentRange.min}%–${m.percentRange.max}%`,
    m.indicatorAttainment,
    m.indicators.length === 0 ? '' : `${m.indicatorsMet}/${m.indicators.length}`,
    rebaselineText(m),
    cancellationText(m),
    laterCompletionText(m),
    m.reasons.length,
    m.alertsRaised,
    m.lastReportOn,
  ];
}

/** 里程碑明细: one row per milestone; its outcome is its worst assignment's, with the spread of its assignments. */
export function milestonesSheet(r: RetrospectiveReport): ReportSheet {
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
      { key: 'leadMode', header: '牵头方式', width: 10, type: 'text' },
      { key: 'leadUnits', header: '牵头单位', width: 28, type: 'text' },
      { key: 'cooperatingUnits', header: '配合单位', width: 30, type: 'text' },
      { key: 'baselineDueDate', header: '原定完成时限', width: 13, type: 'date' },
      { key: 'dueDate', header: '现完成时限', width: 13, type: 'date' },
      { key: 'carriedOver', header: '上年结转', width: 9, type: 'text' },
      { key: 'outcome', header: '结果', width: 13, type: 'text' },
      { key: 'assignments', header: '承办事项数', width: 10, type: 'int' },
      { key: 'spread', header: '承办事项结果', width: 26, type: 'text' },
      { key: 'yearEndOutcome', header: '年末已知结果', width: 13, type: 'text' },
      { key: 'lifecycle', header: '状态', width: 9, type: 'text' },
      { key: 'completedOn', header: '完成日期', width: 12, type: 'date' },
      { key: 'acceptedOn', header: '销号日期', width: 12, type: 'date' },
      { key: 'daysLate', header: '逾期天数', width: 9, type: 'int' },
      { key: 'daysLateVsBaseline', header: '较原定逾期天数', width: 13, type: 'int' },
      { key: 'percent', header: '进度', width: 8, type: 'percent' },
      { key: 'percentRange', header: '进度范围', width: 12, type: 'text' },
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
      for (const m of r.milestones) yield row(++no, m);
    },
    notes: [
      '结果：里程碑取其承办事项中最差的结果（不取平均）；承办事项结果列出各结果的承办事项数，明细见“承办事项明细”。',
      '进度：各承办事项进度的平均（未报告的计 0），进度范围为最低—最高。',
    ],
  };
}
