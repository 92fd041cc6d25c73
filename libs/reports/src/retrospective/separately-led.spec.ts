import {
  aCompletionAccepted,
  aCompletionSubmitted,
  aDelayReported,
  aMilestoneCancelled,
  aMilestonePlanned,
  aProgressReported,
} from '@app/milestones/testing';
import { reviewEvents, withActor } from '@app/reports/testing';
import { zeroCounts } from './outcome';
import { RetrospectiveBuilder } from './retrospective.builder';
import type { PlanFrame } from './rollups';

const PENG = 'u-peng';
const TAI = 'u-tai';
const PLAN: PlanFrame = {
  key: 'p',
  title: '示例',
  zones: ['都市核心区', '大广海湾区'],
  districts: ['蓬江区', '台山市'],
  units: [
    { id: PENG, name: '蓬江区政府' },
    { id: TAI, name: '台山市政府' },
  ],
  sections: [{ no: 4, numeral: '四', title: '交通' }],
  years: { from: 2020, to: 2022 },
};
const at = (iso: string) => ({ occurredAt: new Date(iso).toISOString() });
const by = (unit: string) => ({ tokenName: `${unit}填报员`, role: 'reporter', unit });
const SUPERVISOR = { tokenName: '督查室', role: 'supervisor' };
const METRIC = '完成路基工程';
const planned = (no: number, over: Parameters<typeof aMilestonePlanned>[0]) =>
  aMilestonePlanned({
    milestoneId: `p.T${no}-2021`,
    planKey: 'p',
    taskNo: no,
    section: 4,
    taskTitle: `事项${no}`,
    indicators: [],
    cooperatingUnits: [],
    ...over,
  });

/**
 * T24 in small: 蓬江区政府 and 台山市政府 lead separately (分别牵头). 蓬江 completes its share on 2021-11-30 (accepted
 * 2021-12-10, 55 of 50 km); 台山 reports a delay and completes only on 2022-01-20. Beside it, 台山 alone meets
 * another milestone on time (全市), and 蓬江 alone has a milestone cancelled.
 */
function review() {
  const b = new RetrospectiveBuilder({
    plan: PLAN,
    year: 2021,
    knownAt: null,
    knownAtPosition: null,
    position: 50,
    yearEndPosition: 40,
    now: new Date('2026-01-01T00:00:00Z'),
    cadenceDays: 31,
  });
  const metric = { metric: METRIC, comparator: '>=', target: 50, unit: '公里', source: '完成路基工程50公里' };
  b.addMilestone(
    reviewEvents([
      planned(24, {
        leadUnits: [PENG, TAI],
        leadMode: 'separately',
        zones: ['大广海湾区'],
        districts: ['蓬江区', '台山市'],
        indicators: [metric],
      }),
      withActor(
        aProgressReported(
          {
            assignment: PENG,
            percent: 60,
            narrative: '过半',
            indicatorActuals: [{ metric: METRIC, actual: 30 }],
          },
          at('2021-06-30T10:00:00+08:00'),
        ),
        by(PENG),
      ),
      withActor(
        aDelayReported(
          { assignment: TAI, reason: '征地拆迁滞后', forecastDate: '2022-01-31' },
          at('2021-09-01T10:00:00+08:00'),
        ),
        by(TAI),
      ),
      withActor(
        aCompletionSubmitted(
          { assignment: PENG, completedOn: '2021-11-30', indicatorActuals: [{ metric: METRIC, actual: 55 }] },
          at('2021-12-01T10:00:00+08:00'),
        ),
        by(PENG),
      ),
      withActor(aCompletionAccepted({ assignment: PENG }, at('2021-12-10T10:00:00+08:00')), SUPERVISOR),
      withActor(
        aCompletionSubmitted({ assignment: TAI, completedOn: '2022-01-20' }, at('2022-01-20T10:00:00+08:00')),
        by(TAI),
      ),
      withActor(aCompletionAccepted({ assignment: TAI }, at('2022-01-25T10:00:00+08:00')), SUPERVISOR),
    ]),
  );
  b.addMilestone(
    reviewEvents([
      planned(25, { leadUnits: [TAI], zones: [], districts: ['台山市'] }),
      withActor(
        aCompletionSubmitted({ completedOn: '2021-10-10' }, at('2021-10-11T10:00:00+08:00')),
        by(TAI),
      ),
      withActor(aCompletionAccepted({}, at('2021-10-15T10:00:00+08:00')), SUPERVISOR),
    ]),
  );
  b.addMilestone(
    reviewEvents([
      planned(26, { leadUnits: [PENG], zones: ['都市核心区'], districts: ['蓬江区'] }),
      withActor(
        aMilestoneCancelled({ reason: '并入省重点项目' }, at('2021-05-01T10:00:00+08:00')),
        SUPERVISOR,
      ),
    ]),
  );
  return b.build();
}

describe('the review of a 分别牵头 milestone (hand-computed)', () => {
  const r = review();
  const t24 = r.milestones[0]!;

  it('judges each lead unit on its own share: 蓬江 met on time, 台山 missed (its completion came in 2022)', () => {
    expect(t24.assignments.map((a) => [a.key, a.leadUnits, a.outcome, a.completedOn, a.acceptedOn])).toEqual([
      [PENG, ['蓬江区政府'], 'met_on_time', '2021-11-30', '2021-12-10'],
      [TAI, ['台山市政府'], 'missed', null, null],
    ]);
    const [peng, tai] = t24.assignments;
    expect(peng).toMatchObject({ percent: 100, indicatorAttainment: 1, indicatorsMet: 1, reasons: [] });
    expect(peng!.indicators).toEqual([
      expect.objectContaining({ assignment: PENG, actual: 55, attainment: 1.1, met: true }),
    ]);
    expect(tai).toMatchObject({
      percent: null,
      indicatorAttainment: null,
      laterCompletion: { completedOn: '2022-01-20', accepted: true, daysLate: 20 },
    });
    expect(tai!.reasons.map((x) => [x.kind, x.text, x.unit, x.assignments])).toEqual([
      ['delay', '征地拆迁滞后', '台山市政府', [TAI]],
    ]);
  });

  it('shows the milestone as its worst assignment with the counts, never an average', () => {
    expect(t24).toMatchObject({
      outcome: 'missed',
      outcomeLabel: '未完成',
      assignmentCounts: { ...zeroCounts(), met_on_time: 1, missed: 1 },
      completedOn: null,
      daysLate: null,
      // The mean of 100 and an unreported 0, with the spread.
      percent: 50,
      percentRange: { min: 0, max: 100 },
      leadMode: 'separately',
      laterCompletion: { completedOn: '2022-01-20', accepted: true, daysLate: 20 },
    });
    expect(t24.reasons.map((x) => x.text)).toEqual(['征地拆迁滞后']);
  });

  it('credits each lead unit with its own assignments only', () => {
    expect(
      r.rollups.leadUnit.map((u) => [u.label, u.counted, u.total, u.counts, u.judged, u.metOnTimeRate]),
    ).toEqual([
      // T24 (own share met on time) and T26 (cancelled): 1 ÷ (2 − 1) = 1.
      ['蓬江区政府', 'assignments', 2, { ...zeroCounts(), met_on_time: 1, cancelled: 1 }, 1, 1],
      // T24 (own share missed) and T25 (met on time): 1 ÷ 2 = 0.5.
      ['台山市政府', 'assignments', 2, { ...zeroCounts(), met_on_time: 1, missed: 1 }, 2, 0.5],
    ]);
  });

  it('metOnTimeRate: milestones 1 ÷ (3 − 1 cancelled) = 0.5; assignments 2 ÷ (4 − 1) = 0.6667', () => {
    expect(r.totals).toMatchObject({ counted: 'milestones', total: 3, judged: 2, metOnTimeRate: 0.5 });
    expect(r.assignmentTotals).toMatchObject({
      counted: 'assignments',
      total: 4,
      judged: 3,
      metOnTimeRate: 0.6667,
    });
    expect(r.definitions.metOnTimeRate.zh).toContain('按期完成数 ÷（年度到期数 − 取消 − 未到期）');
  });

  it('groups the city-wide milestone under 全市 (one key, one name), after the named zones', () => {
    expect(r.rollups.zone.map((z) => [z.key, z.label, z.total, z.metOnTimeRate])).toEqual([
      ['都市核心区', '都市核心区', 1, null],
      ['大广海湾区', '大广海湾区', 1, 0],
      ['全市', '全市', 1, 1],
    ]);
  });
});
