import type { RetrospectiveReport } from '../../retrospective/report.types';
import { assignmentUnits, yes, type ReportSheet } from './sheet-model';

/** 指标完成: each assignment's indicators, its own reported value against the target. */
export function indicatorsSheet(r: RetrospectiveReport): ReportSheet {
  return {
    id: 'indicators',
    name: '指标完成',
    frozenColumns: 1,
    columns: [
      { key: 'milestoneId', header: '里程碑编号', width: 26, type: 'text' },
      { key: 'taskTitle', header: '重点事项', width: 28, type: 'text' },
      { key: 'assignment', header: '承办单位', width: 22, type: 'text' },
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
            assignmentUnits(m, [i.assignment]),
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
    notes: [
      '完成率 = 实际 ÷ 目标（“不超过”类指标：达标为 100%，否则目标 ÷ 实际）；分别牵头的里程碑，每个牵头单位按本单位报告的数值计。',
    ],
  };
}
