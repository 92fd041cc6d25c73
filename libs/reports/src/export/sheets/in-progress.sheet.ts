import type { RetrospectiveReport } from '../../retrospective/report.types';
import { pct, type ReportSheet } from './sheet-model';

/** 跨年度进展: milestones due in a later year, their progress against the linear expectation. */
export function inProgressSheet(r: RetrospectiveReport): ReportSheet {
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
      { key: 'percentRange', header: '进度范围', width: 12, type: 'text' },
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
          p.percentRange === null ? '' : `${p.percentRange.min}%–${p.percentRange.max}%`,
          pct(p.expectedPercent),
          p.lastReportOn,
          p.forecastDate,
          p.delays,
        ];
      }
    },
    notes: [],
  };
}
