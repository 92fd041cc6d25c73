import { fold, foldStandingItem, type MilestoneEvent, type StandingItemEvent } from '@app/milestones';
import {
  aCompletionAccepted,
  aCompletionSubmitted,
  aDelayReported,
  aDueDateRebaselined,
  aMilestonePlanned,
  aProgressReported,
} from '@app/milestones/testing';
import { foldAlertStream, type AlertEpisode } from '../alert';
import { recipientsFor, type Contact } from '../recipients';
import { evaluateEvent, evaluateResolutions, evaluateScan, type AlertDecision } from '../evaluate';
import type { RuleSettings } from '../subject';

const cfg: RuleSettings = {
  dueSoonDays: [30, 7],
  overdueRepeatDays: 7,
  escalationDays: 14,
  disabledRules: [],
  health: { redBelow: 0.85, amberBelow: 0.95, amberDueWithinWorkingDays: 10, reportCadenceDays: 31 },
};
const M = 'sanqu-2020.T05-2021';
const PJ = 'gov-pengjiang';
const TS = 'gov-taishan';
const at = (day: string) => `${day}T02:00:00.000Z`;
/** 分别牵头: 蓬江 and 台山 each answer for their own share, due 2021-12-31. */
const planned = aMilestonePlanned(
  { leadUnits: [PJ, TS], leadMode: 'separately', indicators: [] },
  { occurredAt: '2020-12-31T16:00:00.000Z' },
);
/** 蓬江 reports 25 % in March, 90 % in November and finishes on time (accepted 12-20); 台山 30 % in March, then nothing. */
const history: MilestoneEvent[] = [
  planned,
  aProgressReported({ assignment: PJ, percent: 25 }, { occurredAt: at('2021-03-20') }),
  aProgressReported({ assignment: TS, percent: 30 }, { occurredAt: at('2021-03-21') }),
  aProgressReported({ assignment: PJ, percent: 90 }, { occurredAt: at('2021-11-20') }),
  aCompletionSubmitted({ assignment: PJ, completedOn: '2021-12-10' }, { occurredAt: at('2021-12-10') }),
  aCompletionAccepted({ assignment: PJ }, { occurredAt: at('2021-12-20') }),
];
const upTo = (day: string) => fold(history.filter((e) => e.occurredAt.slice(0, 10) <= day));
const raised = (d: readonly AlertDecision[]) =>
  d.flatMap((x) => (x.kind === 'raise' ? [[x.key, x.data.milestone.leadUnits.join()]] : []));
const contacts: Contact[] = [
  { scope: 'unit', unitId: PJ, name: '蓬江', email: 'pj@example.org' },
  { scope: 'unit', unitId: TS, name: '台山', email: 'ts@example.org' },
  { scope: 'supervising_office', unitId: null, name: '督查室', email: 'office@example.org' },
];

describe('alert rules per assignment (承办事项)', () => {
  it('judges each lead unit’s share: only the late unit is overdue, silent or due soon, by its own key', () => {
    // 2021-12-05: due in 26 days (30-day window). Expected 338/364 = 92.9 %, red below 0.85 × 92.9 = 79 %:
    // 蓬江 90 % reported 11-20 (15 days ago) is fine; 台山 30 % reported 03-21 (259 days > 31) is behind and silent.
    expect(raised(evaluateScan(upTo('2021-12-05'), new Map(), '2021-12-05', cfg))).toEqual([
      [`due_soon:${M}@${PJ}:2021-12-31-30d`, PJ],
      [`due_soon:${M}@${TS}:2021-12-31-30d`, TS],
      [`behind_schedule:${M}@${TS}:`, TS],
      [`no_report:${M}@${TS}:2021-03-21`, TS],
    ]);
    // 2022-01-05: 蓬江 accepted on 12-20; 台山 is 5 days overdue.
    const jan = evaluateScan(upTo('2022-01-05'), new Map(), '2022-01-05', cfg);
    expect(raised(jan)).toEqual([[`overdue:${M}@${TS}:2021-12-31`, TS]]);
    const overdue = jan.find((d) => d.kind === 'raise')!;
    expect(overdue.kind === 'raise' && overdue.data.milestone).toMatchObject({
      assignment: TS,
      leadUnits: [TS],
      dueDate: '2021-12-31',
    });
    // The overdue alert goes to 台山 and the office, not to 蓬江.
    expect(recipientsFor('overdue', 'raised', { lead: [TS], cooperating: [] }, contacts)).toEqual([
      { email: 'office@example.org', name: '督查室', audiences: ['office'], units: [] },
      { email: 'ts@example.org', name: '台山', audiences: ['lead'], units: [TS] },
    ]);
  });

  it('resolves an assignment’s alert by that assignment’s facts only', () => {
    const dec = evaluateScan(upTo('2021-12-05'), new Map(), '2021-12-05', cfg);
    const open: AlertEpisode[] = dec.flatMap((d) =>
      d.kind === 'raise'
        ? [foldAlertStream([{ type: 'AlertRaised', data: d.data, occurredAt: at('2021-12-05') }]).get(1)!]
        : [],
    );
    const r = evaluateResolutions(open, (day) => upTo(day), '2021-12-20', cfg);
    expect(r.map((d) => [d.key, d.kind === 'resolve' ? d.data.reason.code : ''])).toEqual([
      [`due_soon:${M}@${PJ}:2021-12-31-30d`, 'accepted'],
    ]);
  });

  it('event-driven rules: a delay or a re-baseline of one share alerts that share’s unit', () => {
    const run = (events: MilestoneEvent[]) =>
      raised(
        evaluateEvent(
          fold(events.slice(0, -1)),
          fold(events),
          { ...events.at(-1)!, version: events.length },
          new Map(),
          events.at(-1)!.occurredAt.slice(0, 10),
          cfg,
        ),
      );
    const delay = aDelayReported(
      { assignment: TS, forecastDate: '2022-03-31' },
      { occurredAt: at('2021-11-01') },
    );
    expect(run([...history.slice(0, 3), delay])).toEqual([[`delay_reported:${M}@${TS}:v4`, TS]]);
    const moved = aDueDateRebaselined(
      { assignment: TS, newDueDate: '2022-03-31', previousDueDate: '2021-12-31' },
      { occurredAt: at('2021-11-02') },
    );
    expect(run([...history.slice(0, 3), moved])).toEqual([[`due_date_moved_later:${M}@${TS}:v4`, TS]]);
  });

  it('a single-lead milestone keeps its keys and lead units (no assignment named)', () => {
    const single = fold([aMilestonePlanned({ indicators: [] }, { occurredAt: '2020-12-31T16:00:00.000Z' })]);
    const d = evaluateScan(single, new Map(), '2022-01-05', cfg);
    expect(raised(d)).toEqual([[`overdue:${M}:2021-12-31`, 'u-transport']]);
    expect(d[0]!.kind === 'raise' && 'assignment' in d[0]!.data.milestone).toBe(false);
  });
});

describe('the no-report rule on standing items (常态化)', () => {
  const ITEM = 'sanqu-2020.T13-S1';
  const ev = (e: Omit<StandingItemEvent, 'recordedAt' | 'backdated'>) =>
    ({ ...e, recordedAt: e.occurredAt, backdated: false }) as StandingItemEvent;
  const item: StandingItemEvent[] = [
    ev({
      type: 'StandingItemPlanned',
      occurredAt: '2019-12-31T16:00:00.000Z',
      data: {
        itemId: ITEM,
        planKey: 'sanqu-2020',
        taskNo: 13,
        section: 3,
        taskTitle: '入海排污口',
        text: '做好入海排污口备案。',
        kind: 'standing',
        period: { from: 2020, to: 2022 },
        leadUnits: [PJ, TS],
        leadMode: 'separately',
        cooperatingUnits: [],
        zones: [],
        districts: [],
        cityWide: true,
      },
    }),
    ev({
      type: 'StandingItemReported',
      occurredAt: at('2020-02-10'),
      data: { unit: PJ, narrative: '已备案' },
    }),
  ];

  it('alerts each silent lead unit past the cadence, and resolves when it reports', () => {
    // 2020-03-05: 蓬江 reported 02-10 (24 days ≤ 31); 台山 never, since 2020-01-01 (64 days > 31).
    const d = evaluateScan(foldStandingItem(item), new Map(), '2020-03-05', cfg);
    expect(raised(d)).toEqual([[`no_report:${ITEM}@${TS}:2020-01-01`, TS]]);
    const first = d[0]!;
    if (first.kind !== 'raise') throw new Error('expected a raise');
    expect(first.data).toMatchObject({
      milestone: { milestoneId: ITEM, standing: true, assignment: TS, dueDate: '' },
      reasons: [{ zh: '已64天未报送进展（自计划期开始2020-01-01起，报送周期31天）' }],
    });
    const open = [
      foldAlertStream([{ type: 'AlertRaised', data: first.data, occurredAt: at('2020-03-05') }]).get(1)!,
    ];
    const reported = foldStandingItem([
      ...item,
      ev({
        type: 'StandingItemReported',
        occurredAt: at('2020-03-09'),
        data: { unit: TS, narrative: '已备案' },
      }),
    ]);
    const r = evaluateResolutions(open, () => reported, '2020-03-09', cfg);
    expect(r.map((x) => x.kind === 'resolve' && x.data.reason.code)).toEqual(['reported']);
  });
});
