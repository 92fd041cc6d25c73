import { MilestoneErrorCode as Code } from './milestone.errors';
import {
  aCompletionAccepted,
  aCompletionReturned,
  aCompletionSubmitted,
  aMilestonePlanned,
  aProgressReported,
} from './testing/milestone.builders';
import { TEST_METRIC, TEST_SHA256 } from './testing/milestone.fixtures';
import {
  anAcceptCompletion,
  aReturnCompletion,
  aSubmitCompletion,
} from './testing/milestone-command.builders';
import { givenMilestone, nowIso } from './testing/milestone.specification';

/** The decider on a completion: its submission, its acceptance (销号) and its return (退回). */
describe('milestone decide', () => {
  describe('submit completion', () => {
    it('records the claim with its evidence', () => {
      givenMilestone(aMilestonePlanned(), aProgressReported())
        .when(
          aSubmitCompletion({
            completedOn: '2021-06-14',
            narrative: '已引进52个项目。',
            evidence: [{ name: '项目清单.xlsx', sha256: TEST_SHA256 }],
            indicatorActuals: [{ metric: TEST_METRIC, actual: 52 }],
          }),
        )
        .then([
          {
            type: 'CompletionSubmitted',
            data: {
              completedOn: '2021-06-14',
              narrative: '已引进52个项目。',
              evidence: [{ name: '项目清单.xlsx', sha256: TEST_SHA256 }],
              indicatorActuals: [{ metric: TEST_METRIC, actual: 52 }],
            },
            occurredAt: nowIso,
            backdated: false,
          },
        ]);
    });

    it('may come straight from planned, without interim reports', () => {
      givenMilestone(aMilestonePlanned())
        .when(aSubmitCompletion())
        .then([expect.objectContaining({ type: 'CompletionSubmitted' })]);
    });

    it('rejects a second submission while the first awaits verification', () => {
      givenMilestone(aMilestonePlanned(), aCompletionSubmitted())
        .when(aSubmitCompletion())
        .thenThrows(Code.COMPLETION_ALREADY_SUBMITTED);
    });

    it('rejects a submission on an accepted milestone', () => {
      givenMilestone(aMilestonePlanned(), aCompletionSubmitted(), aCompletionAccepted())
        .when(aSubmitCompletion())
        .thenThrows(Code.MILESTONE_ALREADY_ACCEPTED);
    });

    it('accepts a resubmission after a return', () => {
      givenMilestone(aMilestonePlanned(), aCompletionSubmitted(), aCompletionReturned())
        .when(aSubmitCompletion())
        .then([expect.objectContaining({ type: 'CompletionSubmitted' })]);
    });

    it('requires evidence', () => {
      givenMilestone(aMilestonePlanned())
        .when(aSubmitCompletion({ evidence: [] }))
        .thenThrows(Code.EVIDENCE_REQUIRED, { field: 'evidence' });
    });

    it('requires a narrative', () => {
      givenMilestone(aMilestonePlanned())
        .when(aSubmitCompletion({ narrative: '   ' }))
        .thenThrows(Code.TEXT_REQUIRED, { field: 'narrative' });
    });

    it('rejects a completion date after the day it is reported', () => {
      givenMilestone(aMilestonePlanned())
        .when(aSubmitCompletion({ completedOn: '2021-06-16' }))
        .thenThrows(Code.COMPLETED_ON_AFTER_OCCURRED_AT, {
          field: 'completedOn',
          details: { completedOn: '2021-06-16', reportedOn: '2021-06-15' },
        });
    });

    it('takes “the day it is reported” in Jiangmen, not in UTC', () => {
      // 2021-06-15T17:00Z is 01:00 on the 16th in Jiangmen.
      givenMilestone(aMilestonePlanned())
        .when(aSubmitCompletion({ completedOn: '2021-06-16' }), new Date('2021-06-15T17:00:00.000Z'))
        .then([expect.objectContaining({ type: 'CompletionSubmitted' })]);
    });

    it('rejects a completion date before the plan period', () => {
      givenMilestone(aMilestonePlanned())
        .when(aSubmitCompletion({ completedOn: '2020-12-31' }))
        .thenThrows(Code.DATE_BEFORE_PLAN_PERIOD, { field: 'completedOn' });
    });

    it('rejects an invalid completion date', () => {
      givenMilestone(aMilestonePlanned())
        .when(aSubmitCompletion({ completedOn: '2021-6-1' }))
        .thenThrows(Code.DATE_INVALID, { field: 'completedOn' });
    });
  });

  describe('accept a completion (销号)', () => {
    it('records the acceptance with a note', () => {
      givenMilestone(aMilestonePlanned(), aCompletionSubmitted())
        .when(anAcceptCompletion({ note: '材料齐全，同意销号。' }))
        .then([
          {
            type: 'CompletionAccepted',
            data: { note: '材料齐全，同意销号。' },
            occurredAt: nowIso,
            backdated: false,
          },
        ]);
    });

    it('leaves out a blank note', () => {
      givenMilestone(aMilestonePlanned(), aCompletionSubmitted())
        .when(anAcceptCompletion({ note: '  ' }))
        .then([{ type: 'CompletionAccepted', data: {}, occurredAt: nowIso, backdated: false }]);
    });

    it('accepts only a submitted milestone', () => {
      givenMilestone(aMilestonePlanned(), aProgressReported())
        .when(anAcceptCompletion())
        .thenThrows(Code.COMPLETION_NOT_SUBMITTED, { details: { lifecycle: 'in_progress' } });
    });

    it('does not accept twice', () => {
      givenMilestone(aMilestonePlanned(), aCompletionSubmitted(), aCompletionAccepted())
        .when(anAcceptCompletion())
        .thenThrows(Code.MILESTONE_ALREADY_ACCEPTED);
    });

    it('cannot have happened before the submission', () => {
      givenMilestone(
        aMilestonePlanned(),
        aCompletionSubmitted({}, { occurredAt: '2021-06-10T02:00:00.000Z' }),
      )
        .when(anAcceptCompletion({}, { occurredAt: '2021-06-09T02:00:00.000Z' }))
        .thenThrows(Code.OCCURRED_AT_BEFORE_SUBMISSION, { field: 'occurredAt' });
    });
  });

  describe('return a completion (退回)', () => {
    it('records the reason', () => {
      givenMilestone(aMilestonePlanned(), aCompletionSubmitted())
        .when(aReturnCompletion({ reason: '缺少竣工验收报告' }))
        .then([
          {
            type: 'CompletionReturned',
            data: { reason: '缺少竣工验收报告' },
            occurredAt: nowIso,
            backdated: false,
          },
        ]);
    });

    it('returns only a submitted milestone', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReturnCompletion())
        .thenThrows(Code.COMPLETION_NOT_SUBMITTED, { details: { lifecycle: 'planned' } });
    });

    it('requires a reason', () => {
      givenMilestone(aMilestonePlanned(), aCompletionSubmitted())
        .when(aReturnCompletion({ reason: '' }))
        .thenThrows(Code.TEXT_REQUIRED, { field: 'reason' });
    });
  });
});
