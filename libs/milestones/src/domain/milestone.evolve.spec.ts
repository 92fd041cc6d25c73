// How the state takes the plan's events and the supervisors' changes, and what every event does to it.
import { evolve, fold, initialState, type MilestoneState } from './index';
import {
  aDelayReported,
  aDueDateRebaselined,
  aMilestoneCancelled,
  aMilestonePlanned,
  aMilestoneRevised,
  aMilestoneWithdrawn,
  anIndicatorTargetRevised,
  aProgressReported,
} from './testing/milestone.builders';
import { TEST_COOPERATING_UNIT, TEST_LEAD_UNIT, TEST_METRIC } from './testing/milestone.fixtures';

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
