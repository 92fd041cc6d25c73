import { sampleReview, sampleStreams } from '@app/reports/testing';
import { zeroCounts } from './outcome';
import type { RollupRow } from './report.types';

const row = (
  label: string,
  total: number,
  counts: Partial<ReturnType<typeof zeroCounts>>,
  rest: Pick<RollupRow, 'judged' | 'metOnTimeRate' | 'meanDaysLate' | 'maxDaysLate'>,
  counted: RollupRow['counted'] = 'milestones',
) => ({ label, counted, total, counts: { ...zeroCounts(), ...counts }, ...rest });

describe('RetrospectiveBuilder: roll-ups of the sample year (hand-computed)', () => {
  const r = sampleReview();

  it('lists the five milestones due in 2021 in plan order, and the 2020–2022 range as progress', () => {
    expect(r.milestones.map((m) => [m.milestoneId, m.outcome, m.daysLate])).toEqual([
      ['sample.T01-2021', 'met_on_time', null],
      ['sample.T02-2021', 'met_late', 10],
      ['sample.T03-2021', 'met_late', 30],
      ['sample.T04-2021', 'cancelled', null],
      ['sample.T05-2021', 'missed', null],
    ]);
    expect(r.inProgress.map((p) => [p.milestoneId, p.percent])).toEqual([['sample.T06-2020-2022', 50]]);
  });

  it('totals: 1 on time, 2 late, 1 cancelled, 1 missed; met-on-time rate 1/4; days late mean 20, max 30', () => {
    expect(r.totals).toEqual({
      key: 'all',
      ...row(
        '全部里程碑',
        5,
        { met_on_time: 1, met_late: 2, cancelled: 1, missed: 1 },
        {
          judged: 4,
          metOnTimeRate: 0.25,
          meanDaysLate: 20,
          maxDaysLate: 30,
        },
      ),
    });
  });

  it('assignment totals: M2 has two (甲局, 乙局), both met late: 1 on time of 5 judged; days late 10, 10, 30', () => {
    expect(r.assignmentTotals).toEqual({
      key: 'assignments',
      ...row(
        '全部承办事项',
        6,
        { met_on_time: 1, met_late: 3, cancelled: 1, missed: 1 },
        { judged: 5, metOnTimeRate: 0.2, meanDaysLate: 16.7, maxDaysLate: 30 },
        'assignments',
      ),
    });
  });

  it('per zone (a milestone in two zones counts in both; the city-wide one under 全市, last)', () => {
    expect(r.rollups.zone).toEqual([
      expect.objectContaining(
        row(
          '都市核心区',
          3,
          { met_on_time: 1, met_late: 1, missed: 1 },
          {
            judged: 3,
            metOnTimeRate: 0.3333,
            meanDaysLate: 10,
            maxDaysLate: 10,
          },
        ),
      ),
      expect.objectContaining(
        row(
          '大广海湾区',
          2,
          { met_late: 1, missed: 1 },
          { judged: 2, metOnTimeRate: 0, meanDaysLate: 30, maxDaysLate: 30 },
        ),
      ),
      expect.objectContaining(
        row(
          '全市',
          1,
          { cancelled: 1 },
          { judged: 0, metOnTimeRate: null, meanDaysLate: null, maxDaysLate: null },
        ),
      ),
    ]);
  });

  it('per district, lead unit and section', () => {
    expect(r.rollups.district.map((d) => [d.label, d.total, d.counts.met_on_time, d.metOnTimeRate])).toEqual([
      ['蓬江区', 1, 1, 1],
      ['新会区', 3, 1, 0.3333],
      ['台山市', 2, 0, 0],
      ['（未指定市区）', 1, 0, null],
    ]);
    expect(r.rollups.leadUnit).toEqual([
      expect.objectContaining(
        row(
          '甲局',
          2,
          { met_on_time: 1, met_late: 1 },
          { judged: 2, metOnTimeRate: 0.5, meanDaysLate: 10, maxDaysLate: 10 },
          'assignments',
        ),
      ),
      expect.objectContaining(
        row(
          '乙局',
          2,
          { met_late: 2 },
          { judged: 2, metOnTimeRate: 0, meanDaysLate: 20, maxDaysLate: 30 },
          'assignments',
        ),
      ),
      expect.objectContaining(
        row(
          '丙市政府',
          2,
          { cancelled: 1, missed: 1 },
          { judged: 1, metOnTimeRate: 0, meanDaysLate: null, maxDaysLate: null },
          'assignments',
        ),
      ),
    ]);
    expect(r.rollups.leadUnit.map((u) => u.key)).toEqual(['u-a', 'u-b', 'u-c']);
    expect(r.rollups.section.map((s) => [s.label, s.total, s.metOnTimeRate, s.meanDaysLate])).toEqual([
      ['一、核心区', 2, 0.5, 10],
      ['二、湾区', 3, 0, 30],
    ]);
  });

  it('indicators and reasons come from the history', () => {
    const m3 = r.milestones[2]!;
    expect(m3.indicators).toEqual([
      expect.objectContaining({ metric: '建设项目', target: 10, actual: 12, attainment: 1.2, met: true }),
    ]);
    expect(m3.reasons.map((x) => [x.kindLabel, x.text, x.unit, x.occurredOn])).toEqual([
      ['调整完成时限', '汛期前完成', '督查室', '2021-02-01'],
      ['报告延期', '台风影响施工', '乙局', '2021-09-01'],
    ]);
  });

  it('alerts of the year: raised per rule, acknowledged, median hours to acknowledgement', () => {
    expect(r.alerts).toEqual({
      raised: 4,
      acknowledged: 3,
      unacknowledged: 1,
      medianHoursToAcknowledge: 4,
      byRule: [
        {
          rule: 'delay_reported',
          label: '报告延期',
          raised: 1,
          acknowledged: 1,
          unacknowledged: 0,
          medianHoursToAcknowledge: 1,
        },
        {
          rule: 'overdue',
          label: '已逾期',
          raised: 3,
          acknowledged: 2,
          unacknowledged: 1,
          medianHoursToAcknowledge: 7,
        },
      ],
    });
    expect(r.milestones[4]!.alertsRaised).toBe(3);
  });

  it('closing: the closed figures (a first-version YearClosed, upcast) and every outcome changed since', () => {
    expect(r.closing).toMatchObject({
      closedAt: '2022-01-03T02:00:00.000Z',
      closedBy: '督查室李四（督查室）',
      position: 15,
      eventPosition: 16,
      note: '年度结账',
      // onTimeRate → metOnTimeRate, milestones → total, the zone key "" → 全市.
      totals: { counted: 'milestones', total: 6, judged: 5, metOnTimeRate: 0 },
      assignmentTotals: null,
      rollups: { zone: [expect.objectContaining({ key: '全市', label: '全市', metOnTimeRate: 0 })] },
    });
    expect(r.closing!.totals).not.toHaveProperty('onTimeRate');
    expect(r.closing!.changes.map((c) => [c.milestoneId, c.from, c.to])).toEqual([
      ['sample.T01-2021', 'awaiting_verification', 'met_on_time'],
      ['sample.T09-2021', 'missed', null],
    ]);
  });

  it('states each standing item per unit: reports in the year, last report, days silent vs the cadence', () => {
    expect(r.standing).toMatchObject({ asOf: '2021-12-31', cadenceDays: 31 });
    expect(r.standing.items.map((i) => [i.itemId, i.kindLabel])).toEqual([['sample.T01-S1', '常态化要求']]);
    expect(
      r.standing.items[0]!.units.map((u) => [
        u.unit,
        u.role,
        u.reportsInYear,
        u.lastReportOn,
        u.silentSince,
        u.daysSilent,
        u.withinCadence,
      ]),
    ).toEqual([
      // 2021-03-31 and 2021-11-20 (the 2020 and 2022 reports are other years); 2021-11-20 → 12-31: 41 days.
      ['甲局', 'lead', 2, '2021-11-20', '2021-11-20', 41, false],
      // Never reported: silent since 2020-01-01, 366 + 364 days.
      ['乙局', 'lead', 0, null, '2020-01-01', 730, false],
      // Cooperating, once on 2021-03-01: 305 days.
      ['丙市政府', 'cooperating', 1, '2021-03-01', '2021-03-01', 305, false],
    ]);
  });

  it('is deterministic: the same events in any stream order give the same report', () => {
    const again = sampleReview({ streams: [...sampleStreams()].reverse() });
    expect(JSON.stringify(again)).toBe(JSON.stringify(r));
  });
});
