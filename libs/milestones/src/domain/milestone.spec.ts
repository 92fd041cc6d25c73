import { MilestoneErrorCode as Code } from './milestone.errors';
import {
  aCancelMilestone,
  aCompletionAccepted,
  aCompletionReturned,
  aCompletionSubmitted,
  aMilestoneCancelled,
  aMilestonePlanned,
  aMilestoneWithdrawn,
  anAcceptCompletion,
  aProgressReported,
  aRebaselineDueDate,
  aReportDelay,
  aReportProgress,
  aReturnCompletion,
  aReviseIndicatorTarget,
  aSubmitCompletion,
  TEST_METRIC,
  TEST_SHA256,
  testActors,
} from './testing/milestone.builders';
import { givenMilestone, NOW } from './testing/milestone.specification';

const nowIso = NOW.toISOString();
const minutes = (n: number): number => n * 60_000;
const days = (n: number): number => n * 86_400_000;
const before = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();
const after = (ms: number): string => new Date(NOW.getTime() + ms).toISOString();

describe('milestone decide', () => {
  describe('report progress', () => {
    it('records the lead unit’s report at the clock’s time when no occurredAt is given', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({ percent: 60, narrative: '路网主体工程完成六成。' }))
        .then([
          {
            type: 'ProgressReported',
            data: { percent: 60, narrative: '路网主体工程完成六成。' },
            occurredAt: nowIso,
            backdated: false,
          },
        ]);
    });

    it('keeps forecast, indicator values and evidence, trimmed and with the hash in lower case', () => {
      givenMilestone(aMilestonePlanned())
        .when(
          aReportProgress({
            percent: 70,
            narrative: '  已签约项目32个。\n\t下一步加快落地。  ',
            forecastDate: '2021-11-30',
            indicatorActuals: [{ metric: TEST_METRIC, actual: 32 }],
            evidence: [{ name: ' 签约清单.xlsx ', sha256: TEST_SHA256.toUpperCase() }],
          }),
        )
        .then([
          {
            type: 'ProgressReported',
            data: {
              percent: 70,
              narrative: '已签约项目32个。\n\t下一步加快落地。',
              forecastDate: '2021-11-30',
              indicatorActuals: [{ metric: TEST_METRIC, actual: 32 }],
              evidence: [{ name: '签约清单.xlsx', sha256: TEST_SHA256 }],
            },
            occurredAt: nowIso,
            backdated: false,
          },
        ]);
    });

    it('accepts a report from a cooperating unit', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({ percent: 10 }, { actor: testActors.cooperatingReporter }))
        .then([expect.objectContaining({ type: 'ProgressReported' })]);
    });

    it('normalises an occurredAt with an offset to UTC', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({}, { occurredAt: '2021-06-01T10:00:00+08:00' }))
        .then([expect.objectContaining({ occurredAt: '2021-06-01T02:00:00.000Z', backdated: false })]);
    });

    it('accepts a report more than 30 days old and marks it backdated', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({}, { occurredAt: before(days(30) + 1000) }))
        .then([expect.objectContaining({ occurredAt: before(days(30) + 1000), backdated: true })]);
    });

    it('does not mark a report of exactly 30 days ago as backdated', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({}, { occurredAt: before(days(30)) }))
        .then([expect.objectContaining({ backdated: false })]);
    });

    it('allows 5 minutes of clock skew into the future', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({}, { occurredAt: after(minutes(5)) }))
        .then([expect.objectContaining({ occurredAt: after(minutes(5)) })]);
    });

    it('rejects an occurredAt more than 5 minutes in the future', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({}, { occurredAt: after(minutes(5) + 1000) }))
        .thenThrows(Code.OCCURRED_AT_IN_FUTURE, { field: 'occurredAt' });
    });

    it('accepts the first minute of the plan period in Jiangmen', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({ percent: 5 }, { occurredAt: '2021-01-01T00:00:00+08:00' }))
        .then([expect.objectContaining({ occurredAt: '2020-12-31T16:00:00.000Z' })]);
    });

    it('rejects an occurredAt before Jan 1 of the period’s first year (Asia/Shanghai)', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({}, { occurredAt: '2020-12-31T23:59:59+08:00' }))
        .thenThrows(Code.OCCURRED_AT_BEFORE_PLAN_PERIOD, {
          field: 'occurredAt',
          details: { periodStart: '2021-01-01' },
        });
    });

    it.each([
      'yesterday',
      '2021-06-01',
      '2021-06-01T10:00:00',
      '2021-02-30T10:00:00Z',
      '2021-06-01 10:00:00Z',
    ])('rejects the occurredAt %p', (occurredAt) => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({}, { occurredAt }))
        .thenThrows(Code.OCCURRED_AT_INVALID, { field: 'occurredAt' });
    });

    it.each([101, -1, 50.5, Number.NaN, '50'])('rejects the percent %p', (percent) => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({ percent: percent as number }))
        .thenThrows(Code.PERCENT_INVALID, { field: 'percent' });
    });

    it('accepts 0 and 100', () => {
      const given = givenMilestone(aMilestonePlanned());
      given
        .when(aReportProgress({ percent: 0 }))
        .then([expect.objectContaining({ data: expect.objectContaining({ percent: 0 }) })]);
      given
        .when(aReportProgress({ percent: 100 }))
        .then([expect.objectContaining({ data: expect.objectContaining({ percent: 100 }) })]);
    });

    it('requires a reason when the percent goes down', () => {
      givenMilestone(aMilestonePlanned(), aProgressReported({ percent: 40 }))
        .when(aReportProgress({ percent: 30, reason: '   ' }))
        .thenThrows(Code.PERCENT_DECREASE_REASON_REQUIRED, {
          field: 'reason',
          details: { previousPercent: 40, percent: 30 },
        });
    });

    it('accepts a lower percent with a reason', () => {
      givenMilestone(aMilestonePlanned(), aProgressReported({ percent: 40 }))
        .when(aReportProgress({ percent: 30, reason: '部分工程返工' }))
        .then([
          expect.objectContaining({ data: expect.objectContaining({ percent: 30, reason: '部分工程返工' }) }),
        ]);
    });

    it('compares a backdated report with the report before it, not with the latest', () => {
      const given = givenMilestone(
        aMilestonePlanned(),
        aProgressReported({ percent: 40 }, { occurredAt: '2021-04-01T02:00:00.000Z' }),
        aProgressReported({ percent: 70 }, { occurredAt: '2021-06-01T02:00:00.000Z' }),
      );
      given
        .when(aReportProgress({ percent: 50 }, { occurredAt: '2021-05-01T02:00:00.000Z' }))
        .then([expect.objectContaining({ type: 'ProgressReported', backdated: true })]);
      given
        .when(aReportProgress({ percent: 30 }, { occurredAt: '2021-05-01T02:00:00.000Z' }))
        .thenThrows(Code.PERCENT_DECREASE_REASON_REQUIRED, { details: { previousPercent: 40 } });
    });

    it('rejects a forecast date before the day of the report', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({ forecastDate: '2021-06-14' }))
        .thenThrows(Code.FORECAST_DATE_IN_PAST, { field: 'forecastDate' });
    });

    it.each(['2021-02-29', '2021/11/30', '', 'soon'])('rejects the forecast date %p', (forecastDate) => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({ forecastDate }))
        .thenThrows(Code.DATE_INVALID, { field: 'forecastDate' });
    });

    it('rejects an empty narrative, also one of ideographic spaces', () => {
      const given = givenMilestone(aMilestonePlanned());
      given
        .when(aReportProgress({ narrative: ' \n\t ' }))
        .thenThrows(Code.TEXT_REQUIRED, { field: 'narrative' });
      given
        .when(aReportProgress({ narrative: '\u3000\u3000' }))
        .thenThrows(Code.TEXT_REQUIRED, { field: 'narrative' });
    });

    it('counts length in characters: 5000 emoji fit, 5001 do not', () => {
      const given = givenMilestone(aMilestonePlanned());
      given
        .when(aReportProgress({ narrative: '🚧'.repeat(5000) }))
        .then([expect.objectContaining({ type: 'ProgressReported' })]);
      given
        .when(aReportProgress({ narrative: '🚧'.repeat(5001) }))
        .thenThrows(Code.TEXT_TOO_LONG, { field: 'narrative', details: { length: 5001, max: 5000 } });
    });

    it.each([
      ['a NUL', '进展\u0000'],
      ['a carriage return', '第一行\r\n第二行'],
      ['an escape', '\u001b[31m红色'],
      ['a C1 control', '进展\u0085'],
      ['an unpaired surrogate', '进展\ud83d'],
    ])('rejects a narrative with %s', (_what, narrative) => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({ narrative }))
        .thenThrows(Code.TEXT_INVALID_CHARACTERS, { field: 'narrative' });
    });

    it('rejects a value for an indicator the milestone does not have', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({ indicatorActuals: [{ metric: '新增"三旧"改造面积', actual: 3000 }] }))
        .thenThrows(Code.INDICATOR_UNKNOWN, { field: 'indicatorActuals[0].metric' });
    });

    it('rejects the same indicator twice', () => {
      givenMilestone(aMilestonePlanned())
        .when(
          aReportProgress({
            indicatorActuals: [
              { metric: TEST_METRIC, actual: 30 },
              { metric: TEST_METRIC, actual: 31 },
            ],
          }),
        )
        .thenThrows(Code.INDICATOR_DUPLICATE, { field: 'indicatorActuals[1].metric' });
    });

    it('rejects an indicator value that is not a finite number', () => {
      givenMilestone(aMilestonePlanned())
        .when(
          aReportProgress({ indicatorActuals: [{ metric: TEST_METRIC, actual: Number.POSITIVE_INFINITY }] }),
        )
        .thenThrows(Code.INDICATOR_VALUE_INVALID, { field: 'indicatorActuals[0].actual' });
    });

    it('rejects a hash that is not SHA-256', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({ evidence: [{ name: '照片.jpg', sha256: 'abc' }] }))
        .thenThrows(Code.EVIDENCE_HASH_INVALID, { field: 'evidence[0].sha256' });
    });

    it('rejects an evidence name with a line break', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({ evidence: [{ name: '照片\n.jpg', sha256: TEST_SHA256 }] }))
        .thenThrows(Code.TEXT_INVALID_CHARACTERS, { field: 'evidence[0].name' });
    });

    it('rejects evidence that is not a list', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({ evidence: 'photo.jpg' as unknown as [] }))
        .thenThrows(Code.FIELD_INVALID, { field: 'evidence' });
    });

    it('rejects more than 50 pieces of evidence', () => {
      const evidence = Array.from({ length: 51 }, (_, i) => ({ name: `照片${i}.jpg`, sha256: TEST_SHA256 }));
      givenMilestone(aMilestonePlanned())
        .when(aReportProgress({ evidence }))
        .thenThrows(Code.TOO_MANY_ITEMS, { field: 'evidence', details: { count: 51, max: 50 } });
    });

    it('rejects a command without data', () => {
      givenMilestone(aMilestonePlanned())
        .when({ type: 'ReportProgress', actor: testActors.admin, data: null as never })
        .thenThrows(Code.FIELD_INVALID, { field: 'data' });
    });

    it('rejects a report while a completion awaits verification', () => {
      givenMilestone(aMilestonePlanned(), aCompletionSubmitted())
        .when(aReportProgress())
        .thenThrows(Code.MILESTONE_AWAITING_VERIFICATION);
    });

    it('accepts reports again after a completion was returned', () => {
      givenMilestone(aMilestonePlanned(), aCompletionSubmitted(), aCompletionReturned())
        .when(aReportProgress({ percent: 90 }))
        .then([expect.objectContaining({ type: 'ProgressReported' })]);
    });

    it('rejects a report on an accepted milestone', () => {
      givenMilestone(aMilestonePlanned(), aCompletionSubmitted(), aCompletionAccepted())
        .when(aReportProgress())
        .thenThrows(Code.MILESTONE_ALREADY_ACCEPTED);
    });
  });

  describe('report a delay', () => {
    it('records the reason and the new forecast', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportDelay({ reason: '征地拆迁进度滞后', forecastDate: '2022-03-31' }))
        .then([
          {
            type: 'DelayReported',
            data: { reason: '征地拆迁进度滞后', forecastDate: '2022-03-31' },
            occurredAt: nowIso,
            backdated: false,
          },
        ]);
    });

    it('requires a reason', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportDelay({ reason: '' }))
        .thenThrows(Code.TEXT_REQUIRED, { field: 'reason' });
    });

    it('rejects a reason over 2000 characters', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportDelay({ reason: '延'.repeat(2001) }))
        .thenThrows(Code.TEXT_TOO_LONG, { field: 'reason' });
    });

    it('requires a valid forecast date', () => {
      givenMilestone(aMilestonePlanned())
        .when(aReportDelay({ forecastDate: undefined as unknown as string }))
        .thenThrows(Code.DATE_INVALID, { field: 'forecastDate' });
    });
  });

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
