import type { RetrospectiveReport } from '../../retrospective/report.types';
import { yes, type ReportSheet } from './sheet-model';

/** 常态化事项: the year-end statement of the standing items, one row per item and unit. */
export function standingSheet(r: RetrospectiveReport): ReportSheet {
  const cadence = r.standing.cadenceDays;
  return {
    id: 'standing',
    name: '常态化事项',
    frozenColumns: 1,
    columns: [
      { key: 'itemId', header: '事项编号', width: 22, type: 'text' },
      { key: 'taskTitle', header: '重点事项', width: 28, type: 'text' },
      { key: 'text', header: '常态化要求', width: 50, type: 'text' },
      { key: 'kind', header: '类型', width: 10, type: 'text' },
      { key: 'unit', header: '单位', width: 24, type: 'text' },
      { key: 'role', header: '角色', width: 6, type: 'text' },
      { key: 'reportsInYear', header: '年内报告次数', width: 12, type: 'int' },
      { key: 'lastReportOn', header: '最近报告日期', width: 13, type: 'date' },
      { key: 'daysSilent', header: '未报告天数', width: 11, type: 'int' },
      { key: 'cadenceDays', header: '报送周期（天）', width: 13, type: 'int' },
      { key: 'withinCadence', header: '按周期报送', width: 11, type: 'text' },
    ],
    rows: function* () {
      for (const item of r.standing.items) {
        for (const u of item.units) {
          yield [
            item.itemId,
            item.taskTitle,
            item.text,
            item.withdrawn ? `${item.kindLabel}（已移出计划）` : item.kindLabel,
            u.unit,
            u.role === 'lead' ? '牵头' : '配合',
            u.reportsInYear,
            u.lastReportOn,
            u.daysSilent,
            cadence,
            yes(u.withinCadence),
          ];
        }
      }
    },
    notes: [
      `常态化事项没有完成时限，按报送周期（${cadence} 天）检查各单位是否报送：未报告天数 = ${r.standing.asOf} − 最近报告日期（从未报告的，自事项计划期首年 1 月 1 日起算）。`,
    ],
  };
}
