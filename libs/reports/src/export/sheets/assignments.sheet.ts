import { LEAD_MODE_LABELS_ZH } from '@app/milestones/labels';
import { OUTCOME_LABELS_ZH } from '../../retrospective/outcome';
import type { RetrospectiveReport } from '../../retrospective/report.types';
import type { AssignmentReview, MilestoneReview } from '../../retrospective/review.types';
import { cancellationText, laterCompletionText, rebaselineText } from './milestones.sheet';
import { pct, type Cell, type ReportSheet } from './sheet-model';

function row(no: number, m: MilestoneReview, a: AssignmentReview): Cell[] {
  return [
    no,
    m.milestoneId,
    m.taskTitle,
    LEAD_MODE_LABELS_ZH[m.leadMode],
    a.leadUnits.join('、'),
    m.outcomeLabel,
    a.outcomeLabel,
    OUTCOME_LABELS_ZH[a.yearEndOutcome],
    a.lifecycleLabel,
    a.dueDate,
    a.completedOn,
    a.acceptedOn,
    a.daysLate,
    a.daysLateVsBaseline,
    pct(a.percent),
    a.indicatorAttainment,
    a.indicators.length === 0 ? '' : `${a.indicatorsMet}/${a.indicators.length}`,
    rebaselineText(a),
    cancellationText(a),
    laterCompletionText(a),
    a.reasons.length,
    a.reports,
    a.lastReportOn,
  ];
}

/**
 * 承办事项明细: one row per assignment, each lead unit's own outcome (分别牵头: one per lead unit), named by its lead
 * units' names: the unit ids (the assignment's key) stay in the JSON, the office filters on the names. `only` keeps
 * the milestones it accepts (the printable review lists the milestones with several assignments).
 */
export function assignmentsSheet(
  r: RetrospectiveReport,
  only: (m: MilestoneReview) => boolean = () => true,
): ReportSheet {
  return {
    id: 'assignments',
    name: '承办事项明细',
    frozenColumns: 2,
    columns: [
      { key: 'no', header: '序号', width: 6, type: 'int' },
      { key: 'milestoneId', header: '里程碑编号', width: 26, type: 'text' },
      { key: 'taskTitle', header: '重点事项', width: 28, type: 'text' },
      { key: 'leadMode', header: '牵头方式', width: 10, type: 'text' },
      { key: 'leadUnits', header: '牵头单位', width: 24, type: 'text' },
      { key: 'milestoneOutcome', header: '里程碑结果', width: 13, type: 'text' },
      { key: 'outcome', header: '结果', width: 13, type: 'text' },
      { key: 'yearEndOutcome', header: '年末已知结果', width: 13, type: 'text' },
      { key: 'lifecycle', header: '状态', width: 9, type: 'text' },
      { key: 'dueDate', header: '完成时限', width: 12, type: 'date' },
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
      { key: 'reports', header: '报告次数', width: 9, type: 'int' },
      { key: 'lastReportOn', header: '最近报告', width: 12, type: 'date' },
    ],
    rows: function* () {
      let no = 0;
      for (const m of r.milestones.filter(only)) for (const a of m.assignments) yield row(++no, m, a);
    },
    notes: [
      '承办事项：分别牵头的里程碑每个牵头单位一项，其余里程碑一项；结果、进度、指标和原因均取自该承办事项自己的报告。',
    ],
  };
}
