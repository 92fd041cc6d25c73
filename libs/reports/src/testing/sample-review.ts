import type { AlertRule } from '@app/alerts';
import type { MilestonePlannedData } from '@app/milestones';
import {
  aCompletionAccepted,
  aCompletionSubmitted,
  aDelayReported,
  aDueDateRebaselined,
  aMilestoneCancelled,
  aMilestonePlanned,
  aProgressReported,
} from '@app/milestones/testing';
import { YEAR_CLOSED, YEAR_EVENTS } from '../close-year/year-closed.event';
import type { ReviewAlertEvent } from '../retrospective/alert-tally';
import { zeroCounts } from '../retrospective/outcome';
import type { RetrospectiveReport } from '../retrospective/report.types';
import { RetrospectiveBuilder } from '../retrospective/retrospective.builder';
import type { ReviewEvent } from '../retrospective/review-event';
import type { PlanFrame } from '../retrospective/rollups';
import { reviewEvents, withActor } from './review-events';
import { sampleStanding } from './sample-standing';

export const SAMPLE_PLAN: PlanFrame = {
  key: 'sample',
  title: '示例计划',
  zones: ['都市核心区', '大广海湾区'],
  districts: ['蓬江区', '新会区', '台山市'],
  units: [
    { id: 'u-a', name: '甲局' },
    { id: 'u-b', name: '乙局' },
    { id: 'u-c', name: '丙市政府' },
  ],
  sections: [
    { no: 1, numeral: '一', title: '核心区' },
    { no: 2, numeral: '二', title: '湾区' },
  ],
  years: { from: 2020, to: 2022 },
};

const SUPERVISOR = { tokenName: '督查室', role: 'supervisor' };
const at = (iso: string) => ({ occurredAt: new Date(iso).toISOString() });

function planned(no: number, over: Partial<MilestonePlannedData>) {
  return aMilestonePlanned({
    milestoneId: `sample.T0${no}-2021`,
    planKey: 'sample',
    taskNo: no,
    taskTitle: `事项${no}`,
    text: `2021年，事项${no}。`,
    indicators: [],
    ...over,
  });
}

/**
 * Five 2021 milestones with hand-computable roll-ups:
 * M1 met on time (核心区; 蓬江区、新会区; 甲局), M2 met late 10 days (核心区; 新会区; 甲局、乙局),
 * M3 met late 30 days (湾区; 台山市; 乙局), M4 cancelled (no zone or district; 丙市政府),
 * M5 missed (核心区、湾区; 新会区、台山市; 丙市政府); plus a 2020–2022 range in progress.
 */
export function sampleStreams(): ReviewEvent[][] {
  const streams = [
    [
      planned(1, {
        section: 1,
        zones: ['都市核心区'],
        districts: ['蓬江区', '新会区'],
        leadUnits: ['u-a'],
        cooperatingUnits: ['u-b'],
      }),
      aCompletionSubmitted({ completedOn: '2021-12-10' }, at('2021-12-11T10:00:00+08:00')),
      aCompletionAccepted({}, at('2021-12-15T10:00:00+08:00')),
    ],
    [
      planned(2, {
        section: 1,
        zones: ['都市核心区'],
        districts: ['新会区'],
        leadUnits: ['u-a', 'u-b'],
        cooperatingUnits: [],
      }),
      withActor(
        aDueDateRebaselined(
          { newDueDate: '2021-06-30', previousDueDate: '2021-12-31', reason: '提前至上半年' },
          at('2021-02-01T10:00:00+08:00'),
        ),
        SUPERVISOR,
      ),
      aCompletionSubmitted({ completedOn: '2021-07-10' }, at('2021-07-11T10:00:00+08:00')),
      aCompletionAccepted({}, at('2021-07-15T10:00:00+08:00')),
    ],
    [
      planned(3, {
        section: 2,
        zones: ['大广海湾区'],
        districts: ['台山市'],
        leadUnits: ['u-b'],
        cooperatingUnits: [],
        indicators: [{ metric: '建设项目', comparator: '=', target: 10, unit: '个', source: '建设项目10个' }],
      }),
      withActor(
        aDueDateRebaselined(
          { newDueDate: '2021-09-30', previousDueDate: '2021-12-31', reason: '汛期前完成' },
          at('2021-02-01T10:00:00+08:00'),
        ),
        SUPERVISOR,
      ),
      withActor(
        aDelayReported(
          { reason: '台风影响施工', forecastDate: '2021-10-31' },
          at('2021-09-01T10:00:00+08:00'),
        ),
        { tokenName: '乙局填报员', role: 'reporter', unit: 'u-b' },
      ),
      aCompletionSubmitted(
        { completedOn: '2021-10-30', indicatorActuals: [{ metric: '建设项目', actual: 12 }] },
        at('2021-10-31T10:00:00+08:00'),
      ),
      aCompletionAccepted({}, at('2021-11-05T10:00:00+08:00')),
    ],
    [
      planned(4, { section: 2, zones: [], districts: [], leadUnits: ['u-c'], cooperatingUnits: [] }),
      withActor(aMilestoneCancelled({ reason: '纳入省统筹' }, at('2021-05-01T10:00:00+08:00')), SUPERVISOR),
    ],
    [
      planned(5, {
        section: 2,
        zones: ['都市核心区', '大广海湾区'],
        districts: ['新会区', '台山市'],
        leadUnits: ['u-c'],
        cooperatingUnits: ['u-a'],
      }),
    ],
    [
      aMilestonePlanned({
        milestoneId: 'sample.T06-2020-2022',
        planKey: 'sample',
        taskNo: 6,
        section: 2,
        taskTitle: '事项6',
        period: { from: 2020, to: 2022 },
        dueDate: '2022-12-31',
        leadUnits: ['u-a'],
      }),
      aProgressReported({ percent: 50, narrative: '过半' }, at('2021-12-01T10:00:00+08:00')),
    ],
  ];
  let position = 1;
  return streams.map((s) => {
    const events = reviewEvents(s, position);
    position += s.length;
    return events;
  });
}

/** A sample alert event as the review reads it, with its stream and whole payload (the int test appends it). */
type SampleAlert = ReviewAlertEvent & {
  readonly streamId: string;
  readonly data: Readonly<Record<string, unknown>>;
};

const alert = (
  n: number,
  rule: AlertRule,
  asOf: string,
  raisedAt: string,
  milestoneId: string,
): SampleAlert => {
  const key = `${rule}:${milestoneId}:${n}`;
  return {
    streamId: `alert-${key}`,
    type: 'AlertRaised',
    data: {
      alertId: `${key}:1`,
      key,
      episode: 1,
      rule,
      level: 'warning',
      asOf,
      reasons: [],
      milestone: { milestoneId },
      facts: {},
    },
    occurredMs: Date.parse(raisedAt),
  };
};
const ack = (raised: SampleAlert, ackAt: string): SampleAlert => ({
  streamId: raised.streamId,
  type: 'AlertAcknowledged',
  data: { alertId: raised.data.alertId, episode: 1, by: { tokenName: 'x' } },
  occurredMs: Date.parse(ackAt),
});

/**
 * Alerts of 2021: overdue ×3 on M5 (acknowledged after 4 h and 10 h, one not), delay_reported ×1 on M3
 * (acknowledged after 1 h); one overdue alert of 2020 that does not count.
 */
export function sampleAlerts(): SampleAlert[] {
  const a1 = alert(1, 'overdue', '2021-03-01', '2021-03-01T08:00:00+08:00', 'sample.T05-2021');
  const a2 = alert(2, 'overdue', '2021-04-01', '2021-04-01T08:00:00+08:00', 'sample.T05-2021');
  const a3 = alert(3, 'overdue', '2021-05-01', '2021-05-01T08:00:00+08:00', 'sample.T05-2021');
  const a4 = alert(4, 'delay_reported', '2021-09-01', '2021-09-01T10:00:00+08:00', 'sample.T03-2021');
  const old = alert(5, 'overdue', '2020-12-01', '2020-12-01T08:00:00+08:00', 'sample.T05-2021');
  return [
    old,
    ack(old, '2020-12-02T08:00:00+08:00'),
    a1,
    ack(a1, '2021-03-01T12:00:00+08:00'),
    a2,
    a3,
    ack(a2, '2021-04-01T18:00:00+08:00'),
    a4,
    ack(a4, '2021-09-01T11:00:00+08:00'),
  ];
}

/**
 * A closing of 2021 in which M1 was still awaiting verification, and a milestone that is gone since, as the first
 * version of `YearClosed` stored it (`milestones`, `onTimeRate`, city-wide milestones under the zone key "").
 */
export function sampleClosingV1(): object {
  const counts = { ...zeroCounts(), awaiting_verification: 1, met_late: 2, cancelled: 1, missed: 2 };
  const row = (key: string, label: string) => ({
    key,
    label,
    milestones: 6,
    counts,
    judged: 5,
    onTimeRate: 0,
    meanDaysLate: 20,
    maxDaysLate: 30,
  });
  return {
    planKey: 'sample',
    year: 2021,
    asOf: '2021-12-31',
    position: 15,
    yearEndPosition: 15,
    note: '年度结账',
    totals: row('all', '全部'),
    rollups: { zone: [row('', '（未划分功能区）')], district: [], leadUnit: [], section: [] },
    outcomes: [
      ['sample.T01-2021', 'awaiting_verification'],
      ['sample.T02-2021', 'met_late'],
      ['sample.T03-2021', 'met_late'],
      ['sample.T04-2021', 'cancelled'],
      ['sample.T05-2021', 'missed'],
      ['sample.T09-2021', 'missed'],
    ],
  };
}

/** The sample review of 2021, computed at position 99, closed. */
export function sampleReview(
  opts: { streams?: ReviewEvent[][]; closed?: boolean } = {},
): RetrospectiveReport {
  const b = new RetrospectiveBuilder({
    plan: SAMPLE_PLAN,
    year: 2021,
    knownAt: null,
    knownAtPosition: null,
    position: 99,
    yearEndPosition: 90,
    now: new Date('2026-01-01T00:00:00Z'),
    cadenceDays: 31,
  });
  for (const a of sampleAlerts()) b.addAlertEvent(a);
  for (const s of opts.streams ?? sampleStreams()) b.addMilestone(s);
  b.addStandingItem(sampleStanding());
  if (opts.closed !== false) {
    b.setClosing({
      data: YEAR_EVENTS.expect({ type: YEAR_CLOSED, data: sampleClosingV1() }).data,
      recordedAt: '2022-01-03T02:00:00.000Z',
      actor: { tokenName: '督查室李四', role: 'supervisor' },
      eventPosition: 16,
    });
  }
  return b.build();
}
