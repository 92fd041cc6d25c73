import { MilestoneErrorCode as Code } from './milestone.errors';
import {
  aCompletionAccepted,
  aCompletionSubmitted,
  aMilestoneCancelled,
  aMilestonePlanned,
  aMilestoneWithdrawn,
} from './testing/milestone.builders';
import { TEST_METRIC, testActors } from './testing/milestone.fixtures';
import {
  aCancelMilestone,
  aRebaselineDueDate,
  aReportProgress,
  aReviseIndicatorTarget,
  aSubmitCompletion,
} from './testing/milestone-command.builders';
import { givenMilestone, nowIso } from './testing/milestone.specification';

/** The decider on changes to the plan (the due date, an indicator's target, a cancellation) and on closed and missing milestones. */
describe('milestone decide', () => {
  describe('re-baseline the due date', () => {
    it('records the new and the previous due date', () => {
      givenMilestone(aMilestonePlanned())
        .when(aRebaselineDueDate({ newDueDate: '2022-06-30', reason: '经市政府同意调整' }))
        .then([
          {
            type: 'DueDateRebaselined',
            data: { newDueDate: '2022-06-30', previousDueDate: '2021-12-31', reason: '经市政府同意调整' },
            occurredAt: nowIso,
            backdated: false,
          },
        ]);
    });

    it('needs a date different from the current due date', () => {
      givenMilestone(aMilestonePlanned())
        .when(aRebaselineDueDate({ newDueDate: '2021-12-31' }))
        .thenThrows(Code.DUE_DATE_UNCHANGED, { field: 'newDueDate', details: { dueDate: '2021-12-31' } });
    });

    it('needs a valid date', () => {
      givenMilestone(aMilestonePlanned())
        .when(aRebaselineDueDate({ newDueDate: '2022-13-01' }))
        .thenThrows(Code.DATE_INVALID, { field: 'newDueDate' });
    });

    it('rejects a due date before the plan period', () => {
      givenMilestone(aMilestonePlanned())
        .when(aRebaselineDueDate({ newDueDate: '2020-06-30' }))
        .thenThrows(Code.DATE_BEFORE_PLAN_PERIOD, { field: 'newDueDate' });
    });

    it('needs a reason', () => {
      givenMilestone(aMilestonePlanned())
        .when(aRebaselineDueDate({ reason: ' ' }))
        .thenThrows(Code.TEXT_REQUIRED, { field: 'reason' });
    });
  });

  describe('revise an indicator target', () => {
    it('records the old and the new target', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReviseIndicatorTarget({ metric: TEST_METRIC, newTarget: 40, reason: '受疫情影响调整目标' }))
        .then([
          {
            type: 'IndicatorTargetRevised',
            data: { metric: TEST_METRIC, oldTarget: 50, newTarget: 40, reason: '受疫情影响调整目标' },
            occurredAt: nowIso,
            backdated: false,
          },
        ]);
    });

    it('rejects an unknown indicator', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReviseIndicatorTarget({ metric: '美丽宜居村比例' }))
        .thenThrows(Code.INDICATOR_UNKNOWN, { field: 'metric' });
    });

    it('rejects an unchanged target', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReviseIndicatorTarget({ newTarget: 50 }))
        .thenThrows(Code.INDICATOR_TARGET_UNCHANGED, { field: 'newTarget' });
    });

    it('rejects a target that is not a number', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReviseIndicatorTarget({ newTarget: Number.NaN }))
        .thenThrows(Code.INDICATOR_VALUE_INVALID, { field: 'newTarget' });
    });

    it('refuses a target or an indicator value beyond 10^12 in magnitude', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReviseIndicatorTarget({ newTarget: 1e308 }))
        .thenThrows(Code.INDICATOR_VALUE_INVALID, { field: 'newTarget' });
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({ indicatorActuals: [{ metric: TEST_METRIC, actual: -1.5e12 }] }))
        .thenThrows(Code.INDICATOR_VALUE_INVALID, { field: 'indicatorActuals[0].actual' });
    });
  });

  describe('cancel', () => {
    it('records the reason', () => {
      givenMilestone(aMilestonePlanned())
        .when(aCancelMilestone({ reason: '项目已并入其他任务' }))
        .then([
          {
            type: 'MilestoneCancelled',
            data: { reason: '项目已并入其他任务' },
            occurredAt: nowIso,
            backdated: false,
          },
        ]);
    });

    it('does not cancel an accepted milestone', () => {
      givenMilestone(aMilestonePlanned(), aCompletionSubmitted(), aCompletionAccepted())
        .when(aCancelMilestone())
        .thenThrows(Code.MILESTONE_ALREADY_ACCEPTED);
    });
  });

  describe('closed and missing milestones', () => {
    it('takes nothing after cancellation', () => {
      const given = givenMilestone(aMilestonePlanned(), aMilestoneCancelled());
      given.when(aReportProgress()).thenThrows(Code.MILESTONE_CANCELLED);
      given.when(aCancelMilestone()).thenThrows(Code.MILESTONE_CANCELLED);
      given.when(aRebaselineDueDate()).thenThrows(Code.MILESTONE_CANCELLED);
    });

    it('takes nothing after withdrawal from the plan', () => {
      givenMilestone(aMilestonePlanned(), aMilestoneWithdrawn())
        .when(aSubmitCompletion({}, { actor: testActors.admin }))
        .thenThrows(Code.MILESTONE_WITHDRAWN);
    });

    it('reports a milestone that was never planned as not found', () => {
      givenMilestone().when(aReportProgress()).thenThrows(Code.MILESTONE_NOT_FOUND);
    });
  });
});
