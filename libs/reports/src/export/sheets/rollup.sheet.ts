import { OUTCOME_LABELS_ZH } from '../../retrospective/outcome';
import type { RetrospectiveReport, RollupRow } from '../../retrospective/report.types';
import {
  MET_ON_TIME_RATE_COLUMN,
  MET_ON_TIME_RATE_NOTE,
  shownOutcomes,
  type ReportSheet,
  type ReportTable,
} from './sheet-model';

type RollupTable = Extract<ReportTable, 'zones' | 'districts' | 'lead-units' | 'sections'>;

const NOTES: { readonly [T in RollupTable]: string } = {
  zones:
    '全市：不限于具体功能区的全市性事项，单列一行；一个里程碑涉及多个功能区时分别计入各行，合计行不重复计数。',
  districts: '一个里程碑涉及多个市（区）时分别计入各行，合计行不重复计数。',
  'lead-units':
    '按牵头单位按承办事项计：分别牵头的里程碑，每个牵头单位只计本单位承办事项的结果；合计为全部承办事项。',
  sections: '按板块计里程碑。',
};

/** A roll-up (按功能区 / 按市区 / 按牵头单位 / 按板块): counts per outcome, never an averaged colour. */
export function rollupSheet(
  r: RetrospectiveReport,
  id: RollupTable,
  name: string,
  header: string,
  rows: readonly RollupRow[],
): ReportSheet {
  const outcomes = shownOutcomes(r);
  const byAssignment = id === 'lead-units';
  const total = byAssignment ? r.assignmentTotals : r.totals;
  return {
    id,
    name,
    frozenColumns: 1,
    columns: [
      { key: 'label', header, width: 30, type: 'text' },
      { key: 'total', header: byAssignment ? '承办事项数' : '里程碑数', width: 10, type: 'int' },
      ...outcomes.map((o) => ({ key: o, header: OUTCOME_LABELS_ZH[o], width: 10, type: 'int' as const })),
      MET_ON_TIME_RATE_COLUMN,
      { key: 'meanDaysLate', header: '平均逾期天数', width: 13, type: 'number' },
      { key: 'maxDaysLate', header: '最长逾期天数', width: 13, type: 'int' },
    ],
    rows: function* () {
      for (const row of [...rows, total]) {
        yield [
          row === total ? (byAssignment ? '合计（全部承办事项）' : '合计（不重复计数）') : row.label,
          row.total,
          ...outcomes.map((o) => row.counts[o]),
          row.metOnTimeRate,
          row.meanDaysLate,
          row.maxDaysLate,
        ];
      }
    },
    notes: [MET_ON_TIME_RATE_NOTE, NOTES[id]],
  };
}
