// How the state takes the reports and the completion (progress, delay, submitted, accepted, returned).
import { fold, type MilestoneState } from './index';
import {
  aCompletionAccepted,
  aCompletionReturned,
  aCompletionSubmitted,
  aDelayReported,
  aMilestonePlanned,
  aProgressReported,
} from './testing/milestone.builders';
import { TEST_METRIC, TEST_SHA256 } from './testing/milestone.fixtures';

/** A milestone with one assignment: its assignment's facts are its own. */
const only = (s: MilestoneState) => ({ ...s, ...s.assignments[0] });

describe('milestone evolve', () => {
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
});
