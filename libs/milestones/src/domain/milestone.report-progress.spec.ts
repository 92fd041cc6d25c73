import { MilestoneErrorCode as Code } from './milestone.errors';
import { aMilestonePlanned } from './testing/milestone.builders';
import { TEST_METRIC, TEST_SHA256, testActors } from './testing/milestone.fixtures';
import { aReportDelay, aReportProgress } from './testing/milestone-command.builders';
import { after, before, days, givenMilestone, minutes, nowIso } from './testing/milestone.specification';

/** The decider on progress reports (what is recorded, and the time it is taken at) and on delay reports. */
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
});
