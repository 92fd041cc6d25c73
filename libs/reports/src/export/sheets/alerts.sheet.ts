import type { RetrospectiveReport } from '../../retrospective/report.types';
import type { ReportSheet } from './sheet-model';

/**
 * 预警: alerts raised in the year per rule (its Chinese name: the sheet is read by people in every format, CSV
 * included; the rule codes are in the JSON), acknowledged, median time to acknowledge.
 */
export function alertsSheet(r: RetrospectiveReport): ReportSheet {
  return {
    id: 'alerts',
    name: '预警',
    frozenColumns: 1,
    columns: [
      { key: 'rule', header: '预警规则', width: 22, type: 'text' },
      { key: 'raised', header: '触发次数', width: 10, type: 'int' },
      { key: 'acknowledged', header: '已确认', width: 10, type: 'int' },
      { key: 'unacknowledged', header: '未确认', width: 10, type: 'int' },
      { key: 'median', header: '确认用时中位数（小时）', width: 22, type: 'number' },
    ],
    rows: function* () {
      for (const a of r.alerts.byRule) {
        yield [a.label, a.raised, a.acknowledged, a.unacknowledged, a.medianHoursToAcknowledge];
      }
      const t = r.alerts;
      yield ['合计', t.raised, t.acknowledged, t.unacknowledged, t.medianHoursToAcknowledge];
    },
    notes: [],
  };
}
