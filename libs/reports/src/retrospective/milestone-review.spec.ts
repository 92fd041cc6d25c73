import {
  aCompletionAccepted,
  aCompletionReturned,
  aCompletionSubmitted,
  aDelayReported,
  aDueDateRebaselined,
  aMilestoneCancelled,
  aMilestonePlanned,
  aMilestoneRevised,
  aMilestoneWithdrawn,
  aProgressReported,
  TEST_COOPERATING_UNIT,
  TEST_LEAD_UNIT,
  TEST_METRIC,
} from '@app/milestones/testing';
import { reviewEvents, withActor, type TestReviewEvent } from '@app/reports/testing';
import { reviewMilestone } from './milestone-review';
import type { ReviewContext } from './review-context';

const LEAD = { tokenName: '交通局填报员', role: 'reporter', unit: TEST_LEAD_UNIT };
const SUPERVISOR = { tokenName: '督查室张三', role: 'supervisor' };
const NAMES: Record<string, string> = {
  [TEST_LEAD_UNIT]: '市交通运输局',
  [TEST_COOPERATING_UNIT]: '市发展改革局',
};

function ctx(over: Partial<ReviewContext> = {}): ReviewContext {
  return {
    year: 2021,
    asOf: '2021-12-31',
    asOfEndMs: Date.parse('2021-12-31T16:00:00Z'),
    yearEndMs: Date.parse('2021-12-31T16:00:00Z'),
    previousYearEndMs: Date.parse('2020-12-31T16:00:00Z'),
    knownAtMs: null,
    unitName: (id) => NAMES[id] ?? id,
    alertsRaised: (id) => (id === 'sanqu-2020.T05-2021' ? 2 : 0),
    ...over,
  };
}

function review(events: TestReviewEvent[], c: ReviewContext = ctx()) {
  const r = reviewMilestone(reviewEvents([aMilestonePlanned(), ...events]), c);
  if (r.kind !== 'due') throw new Error(`expected a due milestone, got ${r.kind}`);
  return r;
}

const at = (iso: string) => ({ occurredAt: new Date(iso).toISOString() });

describe('reviewMilestone: the outcome of a milestone due 2021-12-31, as of 31 December', () => {
  it('no report at all → missed (未完成)', () => {
    const r = review([]);
    expect(r.review).toMatchObject({
      outcome: 'missed',
      outcomeLabel: '未完成',
      lifecycle: 'planned',
      percent: null,
      leadUnits: ['市交通运输局'],
      cooperatingUnits: ['市发展改革局'],
      yearEndOutcome: 'missed',
      alertsRaised: 2,
    });
    expect(r.lateReports).toEqual([]);
  });

  it('progress 40% and an indicator value → partly met, with indicator attainment', () => {
    const r = review([
      aProgressReported(
        { percent: 40, narrative: '进行中', indicatorActuals: [{ metric: TEST_METRIC, actual: 30 }] },
        at('2021-09-30T10:00:00+08:00'),
      ),
    ]);
    expect(r.review).toMatchObject({
      outcome: 'partly_met',
      percent: 40,
      indicatorAttainment: 0.6,
      indicatorsMet: 0,
      indicatorsReported: 1,
    });
    expect(r.review.indicators).toEqual([
      expect.objectContaining({ metric: TEST_METRIC, target: 50, actual: 30, attainment: 0.6, met: false }),
    ]);
  });

  it('accepted with a completion date before the due date → met on time', () => {
    const r = review([
      aCompletionSubmitted({ completedOn: '2021-12-18' }, at('2021-12-20T10:00:00+08:00')),
      aCompletionAccepted({}, at('2021-12-28T10:00:00+08:00')),
    ]);
    expect(r.review).toMatchObject({
      outcome: 'met_on_time',
      completedOn: '2021-12-18',
      acceptedOn: '2021-12-28',
      daysLate: null,
    });
  });

  it('accepted after a due date moved earlier in the year → met late by the days after the (current) due date', () => {
    const r = review([
      withActor(
        aDueDateRebaselined(
          { newDueDate: '2021-06-30', previousDueDate: '2021-12-31', reason: '提前至上半年完成' },
          at('2021-03-01T10:00:00+08:00'),
        ),
        SUPERVISOR,
      ),
      aCompletionSubmitted({ completedOn: '2021-07-10' }, at('2021-07-12T10:00:00+08:00')),
      aCompletionAccepted({}, at('2021-07-20T10:00:00+08:00')),
    ]);
    expect(r.review).toMatchObject({
      outcome: 'met_late',
      daysLate: 10,
      daysLateVsBaseline: null,
      dueDate: '2021-06-30',
      baselineDueDate: '2021-12-31',
    });
    expect(r.review.rebaselines).toEqual([
      {
        assignments: [TEST_LEAD_UNIT],
        from: '2021-12-31',
        to: '2021-06-30',
        reason: '提前至上半年完成',
        on: '2021-03-01',
        unit: '督查室',
      },
    ]);
  });

  it('a completion claimed in the year and not yet verified → awaiting verification', () => {
    const r = review([aCompletionSubmitted({ completedOn: '2021-12-25' }, at('2021-12-29T10:00:00+08:00'))]);
    expect(r.review).toMatchObject({
      outcome: 'awaiting_verification',
      completedOn: '2021-12-25',
      daysLate: null,
    });
  });

  it('cancelled, or withdrawn from the plan → cancelled, with the reason', () => {
    const c = review([
      withActor(aMilestoneCancelled({ reason: '项目调整' }, at('2021-09-01T10:00:00+08:00')), SUPERVISOR),
    ]);
    expect(c.review).toMatchObject({
      outcome: 'cancelled',
      cancellation: { reason: '项目调整', on: '2021-09-01', unit: '督查室' },
    });
    expect(c.review.reasons[0]).toMatchObject({ kind: 'cancellation', kindLabel: '取消', text: '项目调整' });
    const w = review([
      aMilestoneWithdrawn({ reason: '不在修订后的计划中' }, at('2021-05-01T10:00:00+08:00')),
    ]);
    expect(w.review.outcome).toBe('cancelled');
  });

  it('withdrawn, then back in a revised plan → judged again as if never withdrawn', () => {
    const r = review([
      aMilestoneWithdrawn({ reason: '不在修订后的计划中' }, at('2021-05-01T10:00:00+08:00')),
      aMilestoneRevised({ dueDate: '2021-12-31' }, at('2021-06-01T10:00:00+08:00')),
      aCompletionSubmitted({ completedOn: '2021-12-25' }, at('2021-12-29T10:00:00+08:00')),
    ]);
    expect(r.review).toMatchObject({ outcome: 'awaiting_verification', cancellation: null });
  });

  it('due date moved into the next year and not done → re-baselined (from → to, why)', () => {
    const r = review([
      withActor(
        aDueDateRebaselined(
          { newDueDate: '2022-06-30', previousDueDate: '2021-12-31', reason: '受疫情影响' },
          at('2021-11-20T10:00:00+08:00'),
        ),
        SUPERVISOR,
      ),
    ]);
    expect(r.review).toMatchObject({
      outcome: 'rebaselined',
      outcomeLabel: '调整完成时限',
      dueDate: '2022-06-30',
    });
    expect(r.review.reasons).toEqual([
      expect.objectContaining({
        kind: 'rebaseline',
        text: '受疫情影响',
        detail: '2021-12-31 → 2022-06-30',
        occurredOn: '2021-11-20',
        unit: '督查室',
        reportedBy: '督查室张三',
        afterYearEnd: false,
      }),
    ]);
  });

  it('a completion returned in December → missed (percent back to before), the return reason quoted', () => {
    const r = review([
      aCompletionSubmitted({ completedOn: '2021-12-15' }, at('2021-12-15T10:00:00+08:00')),
      withActor(aCompletionReturned({ reason: '佐证材料不全' }, at('2021-12-20T10:00:00+08:00')), SUPERVISOR),
    ]);
    expect(r.review).toMatchObject({ outcome: 'missed', lifecycle: 'returned', percent: null });
    expect(r.review.reasons.map((x) => [x.kind, x.text])).toEqual([['return', '佐证材料不全']]);
  });

  it('a completion recorded in January about December changes the outcome from what was known at year end', () => {
    const r = review([
      withActor(
        aProgressReported({ percent: 80, narrative: '基本完成' }, at('2021-11-30T10:00:00+08:00')),
        LEAD,
      ),
      withActor(
        aCompletionSubmitted(
          { completedOn: '2021-12-28', narrative: '已完成全部工作' },
          at('2022-01-06T09:00:00+08:00'),
        ),
        LEAD,
      ),
      withActor(aCompletionAccepted({}, at('2022-01-10T09:00:00+08:00')), SUPERVISOR),
    ]);
    expect(r.review).toMatchObject({
      outcome: 'met_on_time',
      completedOn: '2021-12-28',
      yearEndOutcome: 'partly_met',
    });
    expect(r.lateReports.map((l) => [l.type, l.unit, l.summary])).toEqual([
      ['CompletionSubmitted', '市交通运输局', '完成日期 2021-12-28：已完成全部工作'],
      ['CompletionAccepted', '督查室', '核验通过'],
    ]);
  });

  it('a backdated progress report recorded after the year end counts now, not in what was known then', () => {
    const r = review([
      {
        ...aProgressReported({ percent: 30, narrative: '补报' }, at('2021-12-20T10:00:00+08:00')),
        recordedAt: '2022-01-03T02:00:00.000Z',
        backdated: true,
      },
    ]);
    expect(r.review.outcome).toBe('partly_met');
    expect(r.review.yearEndOutcome).toBe('missed');
    expect(r.lateReports).toHaveLength(1);
  });

  it('a completion in February of the next year leaves the year missed and is noted as a later completion', () => {
    const r = review([
      withActor(
        aDelayReported({ reason: '资金未到位', forecastDate: '2022-02-28' }, at('2021-12-01T10:00:00+08:00')),
        LEAD,
      ),
      aCompletionSubmitted({ completedOn: '2022-02-15' }, at('2022-02-20T10:00:00+08:00')),
      aCompletionAccepted({}, at('2022-02-25T10:00:00+08:00')),
    ]);
    expect(r.review).toMatchObject({
      outcome: 'missed',
      laterCompletion: { completedOn: '2022-02-15', accepted: true, daysLate: 46 },
    });
    expect(r.review.reasons[0]).toMatchObject({
      kind: 'delay',
      text: '资金未到位',
      detail: '预计完成 2022-02-28',
      unit: '市交通运输局',
    });
    expect(r.lateReports).toEqual([]);
  });

  it('knownAt: reports recorded after it are not known', () => {
    const events = [
      aProgressReported({ percent: 50, narrative: '过半' }, at('2021-06-30T10:00:00+08:00')),
      aCompletionSubmitted({ completedOn: '2021-11-30' }, at('2021-12-01T10:00:00+08:00')),
      aCompletionAccepted({}, at('2021-12-05T10:00:00+08:00')),
    ];
    expect(review(events, ctx({ knownAtMs: Date.parse('2021-12-02T00:00:00Z') })).review.outcome).toBe(
      'awaiting_verification',
    );
    expect(review(events, ctx({ knownAtMs: Date.parse('2021-07-01T00:00:00Z') })).review.outcome).toBe(
      'partly_met',
    );
  });

  it('provisional (the year not over): an open milestone due later this year is not due yet', () => {
    const r = review([], ctx({ asOf: '2021-06-30', asOfEndMs: Date.parse('2021-06-30T16:00:00Z') }));
    expect(r.review.outcome).toBe('not_due');
  });
});
