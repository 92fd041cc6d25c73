import { MilestoneErrorCode as Code } from './milestone.errors';
import {
  aCompletionAccepted,
  aCompletionReturned,
  aCompletionSubmitted,
  aMilestonePlanned,
  aProgressReported,
} from './testing/milestone.builders';
import { TEST_METRIC, TEST_SHA256, testActors } from './testing/milestone.fixtures';
import { aReportProgress } from './testing/milestone-command.builders';
import { givenMilestone } from './testing/milestone.specification';

/** The decider on the values of a progress report (percent, forecast, narrative, indicators, evidence) and on the states that take one. */
describe('milestone decide', () => {
  describe('report progress', () => {
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
});
