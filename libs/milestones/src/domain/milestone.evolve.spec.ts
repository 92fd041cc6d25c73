import { evolve, fold, initialState, type MilestoneState } from './index';
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
  anIndicatorTargetRevised,
  aProgressReported,
  TEST_COOPERATING_UNIT,
  TEST_LEAD_UNIT,
  TEST_METRIC,
  TEST_SHA256,
} from './testing/milestone.builders';

/** A milestone with one assignment: its assignment's facts are its own. */
const only = (s: MilestoneState) => ({ ...s, ...s.assignments[0] });

describe('milestone evolve', () => {
  describe('MilestoneAdded', () => {
    it('creates a planned milestone like MilestonePlanned (a milestone a revised plan added)', () => {
      const planned = aMilestonePlanned();
      const state = fold([{ ...planned, type: 'MilestoneAdded' }]);
      expect(only(state)).toMatchObject({
        exists: true,
        lifecycle: 'planned',
        baselineDueDate: '2021-12-31',
        version: 1,
      });
    });
  });

  describe('MilestonePlanned', () => {
    it('creates a planned milestone whose due date is its baseline', () => {
      const state = fold([aMilestonePlanned()]);
      expect(only(state)).toMatchObject({
        exists: true,
        milestoneId: 'sanqu-2020.T05-2021',
        lifecycle: 'planned',
        percent: null,
        period: { from: 2021, to: 2021 },
        baselineDueDate: '2021-12-31',
        dueDate: '2021-12-31',
        leadUnits: [TEST_LEAD_UNIT],
        cooperatingUnits: [TEST_COOPERATING_UNIT],
        indicators: [{ metric: TEST_METRIC, baselineTarget: 50, target: 50, actual: null, actualAt: null }],
        lastReportOn: null,
        version: 1,
      });
    });
  });

  describe('MilestoneRevised', () => {
    it('takes the new plan text, due date and targets, keeping reported values', () => {
      const state = fold([
        aMilestonePlanned(),
        aProgressReported({ indicatorActuals: [{ metric: TEST_METRIC, actual: 20 }] }),
        aMilestoneRevised({ dueDate: '2021-06-30' }),
      ]);
      expect(only(state)).toMatchObject({
        text: expect.stringContaining('上半年'),
        baselineDueDate: '2021-06-30',
        dueDate: '2021-06-30',
        indicators: [{ metric: TEST_METRIC, baselineTarget: 60, target: 60, actual: 20 }],
        planRevisions: 1,
      });
    });

    it('keeps a re-baselined due date and a revised target', () => {
      const state = fold([
        aMilestonePlanned(),
        aDueDateRebaselined({ newDueDate: '2022-06-30' }),
        anIndicatorTargetRevised({ newTarget: 40 }),
        aMilestoneRevised({ dueDate: '2021-06-30' }),
      ]);
      expect(only(state)).toMatchObject({
        baselineDueDate: '2021-06-30',
        dueDate: '2022-06-30',
        indicators: [{ baselineTarget: 60, target: 40 }],
      });
    });
  });

  describe('MilestoneWithdrawn', () => {
    it('closes the milestone with the reason', () => {
      const state = fold([aMilestonePlanned(), aMilestoneWithdrawn({ reason: '已不在计划中' })]);
      expect(only(state)).toMatchObject({
        lifecycle: 'withdrawn',
        closedReason: '已不在计划中',
        closedOn: '2021-01-15',
      });
    });

    it('is reinstated as it was when a revised plan contains the milestone again', () => {
      const state = fold([
        aMilestonePlanned(),
        aProgressReported({ percent: 40 }),
        aMilestoneWithdrawn({ reason: '已不在计划中' }),
        aMilestoneRevised({ dueDate: '2021-12-31' }),
      ]);
      expect(only(state)).toMatchObject({
        lifecycle: 'in_progress',
        percent: 40,
        closedReason: null,
        closedOn: null,
        lifecycleBeforeWithdrawal: null,
        baselineDueDate: '2021-12-31',
      });
    });

    it('stays cancelled when a cancelled milestone is withdrawn and then back in the plan', () => {
      const state = fold([
        aMilestonePlanned(),
        aMilestoneCancelled({ reason: '并入其他任务' }),
        aMilestoneWithdrawn(),
        aMilestoneRevised(),
      ]);
      expect(only(state)).toMatchObject({ lifecycle: 'cancelled' });
    });
  });

  describe('ProgressReported', () => {
    it('starts the work and keeps percent, forecast, values and the report’s day in Jiangmen', () => {
      const state = fold([
        aMilestonePlanned(),
        aProgressReported(
          {
            percent: 40,
            forecastDate: '2021-11-30',
            indicatorActuals: [{ metric: TEST_METRIC, actual: 20 }],
          },
          { occurredAt: '2021-03-31T17:00:00.000Z' },
        ),
      ]);
      expect(only(state)).toMatchObject({
        lifecycle: 'in_progress',
        percent: 40,
        forecastDate: '2021-11-30',
        lastReportAt: '2021-03-31T17:00:00.000Z',
        lastReportOn: '2021-04-01',
        reports: 1,
        indicators: [{ actual: 20, actualAt: '2021-03-31T17:00:00.000Z' }],
      });
    });

    it('leaves a milestone at 0% planned (未开始)', () => {
      expect(fold([aMilestonePlanned(), aProgressReported({ percent: 0 })]).lifecycle).toBe('planned');
    });

    it('does not let a backdated report overwrite a later one', () => {
      const state = fold([
        aMilestonePlanned(),
        aProgressReported(
          { percent: 70, forecastDate: '2021-10-31' },
          { occurredAt: '2021-06-01T02:00:00.000Z' },
        ),
        aProgressReported(
          { percent: 50, forecastDate: '2021-12-31' },
          { occurredAt: '2021-05-01T02:00:00.000Z', backdated: true },
        ),
      ]);
      expect(only(state)).toMatchObject({
        percent: 70,
        forecastDate: '2021-10-31',
        lastReportOn: '2021-06-01',
        reports: 2,
        progress: [
          { occurredAt: '2021-05-01T02:00:00.000Z', percent: 50 },
          { occurredAt: '2021-06-01T02:00:00.000Z', percent: 70 },
        ],
      });
    });
    it('keeps the progress points in time order, a later report of the same instant after the earlier', () => {
      const at = (d: string) => ({ occurredAt: `2021-0${d}T02:00:00.000Z`, backdated: true });
      const state = fold([
        aMilestonePlanned(),
        aProgressReported({ percent: 10 }, at('1-01')),
        aProgressReported({ percent: 40 }, at('4-01')),
        aProgressReported({ percent: 20 }, at('2-01')),
        aProgressReported({ percent: 25 }, at('2-01')),
        aProgressReported({ percent: 5 }, at('1-01')),
      ]);
      expect(only(state).progress!.map((p) => p.percent)).toEqual([10, 5, 20, 25, 40]);
    });
  });

  describe('DelayReported', () => {
    it('keeps the forecast and the reason without changing the lifecycle', () => {
      const state = fold([
        aMilestonePlanned(),
        aDelayReported({ reason: '资金未到位', forecastDate: '2022-03-31' }),
      ]);
      expect(only(state)).toMatchObject({
        lifecycle: 'planned',
        forecastDate: '2022-03-31',
        delays: 1,
        lastDelayReason: '资金未到位',
        lastReportOn: '2021-05-01',
      });
    });
  });

  describe('CompletionSubmitted', () => {
    it('awaits verification at 100% with the claimed completion date', () => {
      const state = fold([aMilestonePlanned(), aProgressReported({ percent: 80 }), aCompletionSubmitted()]);
      expect(only(state)).toMatchObject({
        lifecycle: 'submitted',
        percent: 100,
        submittedOn: '2021-06-09',
        submittedAt: '2021-06-10T02:00:00.000Z',
        completionEvidence: [{ name: '竣工验收报告.pdf', sha256: TEST_SHA256 }],
        lastReportOn: '2021-06-10',
      });
    });
  });

  describe('CompletionAccepted', () => {
    it('closes the milestone (已销号) on the day of acceptance, keeping the completion date', () => {
      const state = fold([
        aMilestonePlanned(),
        aCompletionSubmitted(),
        aCompletionAccepted({}, { occurredAt: '2021-06-12T18:00:00.000Z' }),
      ]);
      expect(only(state)).toMatchObject({
        lifecycle: 'accepted',
        submittedOn: '2021-06-09',
        acceptedOn: '2021-06-13',
      });
    });
  });

  describe('CompletionReturned', () => {
    it('sends it back with the reason, restoring the percent reported before the claim', () => {
      const state = fold([
        aMilestonePlanned(),
        aProgressReported({ percent: 80 }),
        aCompletionSubmitted(),
        aCompletionReturned({ reason: '佐证材料不全' }),
      ]);
      expect(only(state)).toMatchObject({
        lifecycle: 'returned',
        percent: 80,
        returns: 1,
        lastReturnReason: '佐证材料不全',
        submittedOn: null,
        submittedAt: null,
      });
    });

    it('is in progress again at the next report, with the return reason kept', () => {
      const state = fold([
        aMilestonePlanned(),
        aCompletionSubmitted(),
        aCompletionReturned({ reason: '佐证材料不全' }),
        aProgressReported({ percent: 90 }, { occurredAt: '2021-06-13T02:00:00.000Z' }),
      ]);
      expect(only(state)).toMatchObject({
        lifecycle: 'in_progress',
        percent: 90,
        lastReturnReason: '佐证材料不全',
      });
    });
  });

  describe('DueDateRebaselined', () => {
    it('moves the current due date and never the baseline', () => {
      const state = fold([
        aMilestonePlanned(),
        aDueDateRebaselined({ newDueDate: '2022-06-30', previousDueDate: '2021-12-31' }),
        aDueDateRebaselined({ newDueDate: '2022-09-30', previousDueDate: '2022-06-30', reason: '再次调整' }),
      ]);
      expect(only(state)).toMatchObject({
        baselineDueDate: '2021-12-31',
        dueDate: '2022-09-30',
        rebaselines: 2,
        lastRebaselineReason: '再次调整',
      });
    });
  });

  describe('IndicatorTargetRevised', () => {
    it('changes the current target and keeps the plan’s', () => {
      const state = fold([aMilestonePlanned(), anIndicatorTargetRevised({ oldTarget: 50, newTarget: 40 })]);
      expect(state.indicators).toEqual([
        expect.objectContaining({ metric: TEST_METRIC, baselineTarget: 50, target: 40 }),
      ]);
    });
  });

  describe('MilestoneCancelled', () => {
    it('closes the milestone with the reason', () => {
      const state = fold([aMilestonePlanned(), aMilestoneCancelled({ reason: '并入任务7' })]);
      expect(only(state)).toMatchObject({
        lifecycle: 'cancelled',
        closedReason: '并入任务7',
        closedOn: '2021-06-01',
      });
    });
  });

  it('counts every event in the version and never changes the initial state', () => {
    const before = JSON.stringify(initialState);
    const state = [aMilestonePlanned(), aProgressReported(), aDelayReported()].reduce(evolve, initialState);
    expect(state.version).toBe(3);
    expect(JSON.stringify(initialState)).toBe(before);
    expect(initialState.exists).toBe(false);
  });
});
