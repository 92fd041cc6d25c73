import type { RetrospectiveReport } from '../../retrospective/report.types';
import { assignmentUnits, yes, type ReportSheet } from './sheet-model';

/** 滞后原因: every reason given in the history, quoted, with the assignments (lead units) it concerned. */
export function reasonsSheet(r: RetrospectiveReport): ReportSheet {
  return {
    id: 'reasons',
    name: '滞后原因',
    frozenColumns: 1,
    columns: [
      { key: 'milestoneId', header: '里程碑编号', width: 26, type: 'text' },
      { key: 'taskTitle', header: '重点事项', width: 28, type: 'text' },
      { key: 'assignments', header: '承办单位', width: 22, type: 'text' },
      { key: 'kind', header: '类型', width: 13, type: 'text' },
      { key: 'text', header: '原因（原文）', width: 50, type: 'text' },
      { key: 'detail', header: '说明', width: 26, type: 'text' },
      { key: 'occurredOn', header: '发生日期', width: 12, type: 'date' },
      { key: 'recordedAt', header: '记录时间', width: 17, type: 'datetime' },
      { key: 'backdated', header: '补报', width: 6, type: 'text' },
      { key: 'unit', header: '报告单位', width: 24, type: 'text' },
      { key: 'reportedBy', header: '报告人', width: 16, type: 'text' },
      { key: 'afterYearEnd', header: '年后发生', width: 9, type: 'text' },
    ],
    rows: function* () {
      for (const m of r.milestones) {
        for (const x of m.reasons) {
          yield [
            x.milestoneId,
            m.taskTitle,
            assignmentUnits(m, x.assignments),
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
    notes: [
      '承办单位：该事件涉及的承办事项的牵头单位（未指明承办事项的督查室决定涉及全部未完成的承办事项）。',
    ],
  };
}
