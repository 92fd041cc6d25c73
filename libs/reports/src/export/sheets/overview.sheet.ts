import { OUTCOME_LABELS_ZH, OUTCOMES } from '../../retrospective/outcome';
import type { RetrospectiveReport } from '../../retrospective/report.types';
import { metOnTimeRate } from '../../retrospective/rollups';
import {
  formatInstant,
  MET_ON_TIME_RATE_NOTE,
  shownOutcomes,
  yes,
  type Cell,
  type ReportSheet,
  type TypedCell,
} from './sheet-model';

const int = (v: number | null): TypedCell => ({ t: 'int', v });
const rate = (v: number | null): TypedCell => ({ t: 'percent', v });

function* figures(r: RetrospectiveReport): Generator<Cell[]> {
  const closing = r.closing;
  const yeTotal = OUTCOMES.reduce((a, o) => a + r.yearEnd.counts[o], 0);
  yield ['里程碑数', int(r.totals.total), int(yeTotal), int(closing?.totals.total ?? null)];
  for (const o of shownOutcomes(r)) {
    yield [
      OUTCOME_LABELS_ZH[o],
      int(r.totals.counts[o]),
      int(r.yearEnd.counts[o]),
      int(closing?.totals.counts[o] ?? null),
    ];
  }
  yield [
    '年度按期完成率',
    rate(r.totals.metOnTimeRate),
    rate(metOnTimeRate(r.yearEnd.counts, yeTotal)),
    rate(closing?.totals.metOnTimeRate ?? null),
  ];
  yield [
    '平均逾期天数（逾期完成的）',
    { t: 'number', v: r.totals.meanDaysLate },
    null,
    { t: 'number', v: closing?.totals.meanDaysLate ?? null },
  ];
  yield ['最长逾期天数', int(r.totals.maxDaysLate), null, int(closing?.totals.maxDaysLate ?? null)];
  const a = r.assignmentTotals;
  yield ['承办事项数', int(a.total), null, int(closing?.assignmentTotals?.total ?? null)];
  yield [
    '承办事项年度按期完成率',
    rate(a.metOnTimeRate),
    null,
    rate(closing?.assignmentTotals?.metOnTimeRate ?? null),
  ];
}

function* context(r: RetrospectiveReport): Generator<Cell[]> {
  const closing = r.closing;
  const silent = r.standing.items.flatMap((i) => i.units).filter((u) => !u.withinCadence).length;
  yield ['跨年度里程碑（未到期）', int(r.inProgress.length), null, null];
  yield ['常态化事项', int(r.standing.items.length), null, null];
  yield ['常态化事项超过报送周期的单位', int(silent), null, null];
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
}

/** 总览: what the review was computed at, the outcome counts now, at the year end and at the closing. */
export function overviewSheet(r: RetrospectiveReport): ReportSheet {
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
      yield ['计算所用事件位置', int(r.position), int(r.yearEnd.position), int(r.closing?.position ?? null)];
      yield ['年末截止时点', { t: 'datetime', v: r.yearEnd.cutoff }, null, null];
      yield* figures(r);
      yield* context(r);
    },
    notes: [
      MET_ON_TIME_RATE_NOTE,
      '里程碑的结果取其承办事项中最差的结果；承办事项年度按期完成率按承办事项计。',
    ],
  };
}
