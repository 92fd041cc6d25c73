import type { OutcomeChange, RetrospectiveReport } from '../../retrospective/report.types';
import type { Cell, ReportSheet } from './sheet-model';

const changeRow = (category: string, c: OutcomeChange): Cell[] => [
  category,
  c.milestoneId,
  c.taskTitle,
  '',
  null,
  null,
  '',
  c.fromLabel,
  c.toLabel,
];

/** 年末后变化: reports about the year recorded after it, and the outcomes they (or later reports) changed. */
export function afterYearEndSheet(r: RetrospectiveReport): ReportSheet {
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
      for (const c of r.yearEnd.changes) yield changeRow('结果变化（年末已知 → 现在）', c);
      for (const c of r.closing?.changes ?? []) yield changeRow('结账后变化（结账时 → 现在）', c);
    },
    notes: [],
  };
}
