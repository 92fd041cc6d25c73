import {
  aCompletionAccepted,
  aCompletionSubmitted,
  aDueDateRebaselined,
  aMilestonePlanned,
  aProgressReported,
} from '@app/milestones/testing';
import { reviewEvents, withActor } from '@app/reports/testing';
import { reviewMilestone, type MilestoneYearResult } from './milestone-review';
import type { ReviewContext } from './review-context';

const SUPERVISOR = { tokenName: '督查室张三', role: 'supervisor' };
const at = (iso: string) => ({ occurredAt: new Date(iso).toISOString() });

function ctx(over: Partial<ReviewContext> = {}): ReviewContext {
  return {
    year: 2021,
    asOf: '2021-12-31',
    asOfEndMs: Date.parse('2021-12-31T16:00:00Z'),
    yearEndMs: Date.parse('2021-12-31T16:00:00Z'),
    previousYearEndMs: Date.parse('2020-12-31T16:00:00Z'),
    knownAtMs: null,
    unitName: (id) => id,
    alertsRaised: () => 0,
    ...over,
  };
}

describe('reviewMilestone: which year a milestone belongs to', () => {
  it('a 2020–2022 range is due in 2022; in 2021 it shows its progress against the linear expectation', () => {
    const planned = aMilestonePlanned({
      milestoneId: 'sanqu-2020.T04-2020-2022',
      period: { from: 2020, to: 2022 },
      dueDate: '2022-12-31',
    });
    const events = reviewEvents([
      planned,
      aProgressReported({ percent: 40, narrative: '推进中' }, at('2021-10-01T10:00:00+08:00')),
    ]);
    const r: MilestoneYearResult = reviewMilestone(events, ctx());
    expect(r).toMatchObject({
      kind: 'in_progress',
      progress: { milestoneId: 'sanqu-2020.T04-2020-2022', percent: 40, lifecycle: 'in_progress' },
    });
    if (r.kind !== 'in_progress') throw new Error('unreachable');
    // 2020-01-01 → 2022-12-31 is 1095 days; 2021-12-31 is day 730: 66.7%.
    expect(r.progress.expectedPercent).toBeCloseTo(66.7, 1);
    expect(reviewMilestone(events, ctx({ year: 2022, asOf: '2022-12-31' })).kind).toBe('due');
  });

  it('a 2020 milestone re-baselined into 2021 is re-baselined in 2020 and carried over (met late) in 2021', () => {
    const events = reviewEvents([
      aMilestonePlanned({
        milestoneId: 'sanqu-2020.T01-2020',
        period: { from: 2020, to: 2020 },
        dueDate: '2020-12-31',
      }),
      withActor(
        aDueDateRebaselined(
          { newDueDate: '2021-03-31', previousDueDate: '2020-12-31', reason: '受疫情影响' },
          at('2020-11-15T10:00:00+08:00'),
        ),
        SUPERVISOR,
      ),
      aCompletionSubmitted({ completedOn: '2021-04-20' }, at('2021-04-21T10:00:00+08:00')),
      aCompletionAccepted({}, at('2021-04-25T10:00:00+08:00')),
    ]);
    const y2020 = reviewMilestone(
      events,
      ctx({
        year: 2020,
        asOf: '2020-12-31',
        asOfEndMs: Date.parse('2020-12-31T16:00:00Z'),
        yearEndMs: Date.parse('2020-12-31T16:00:00Z'),
        previousYearEndMs: Date.parse('2019-12-31T16:00:00Z'),
      }),
    );
    expect(y2020).toMatchObject({ kind: 'due', review: { outcome: 'rebaselined', carriedOver: false } });
    expect(reviewMilestone(events, ctx())).toMatchObject({
      kind: 'due',
      review: { outcome: 'met_late', carriedOver: true, daysLate: 20, daysLateVsBaseline: 110 },
    });
    expect(reviewMilestone(events, ctx({ year: 2022, asOf: '2022-12-31' })).kind).toBe('none');
  });

  it('a 2020 milestone left open and not re-baselined does not come back in 2021', () => {
    const events = reviewEvents([
      aMilestonePlanned({
        milestoneId: 'sanqu-2020.T01-2020',
        period: { from: 2020, to: 2020 },
        dueDate: '2020-12-31',
      }),
    ]);
    expect(reviewMilestone(events, ctx()).kind).toBe('none');
  });
});
