import type { HealthThresholds } from '@app/platform';
import { expectedPercentAt, healthAt, type HealthAssessment } from './health';
import { aMilestoneFacts } from './testing/milestone-facts.builder';

const THRESHOLDS: HealthThresholds = {
  redBelow: 0.85,
  amberBelow: 0.95,
  amberDueWithinWorkingDays: 10,
  reportCadenceDays: 31,
};
const HOLIDAYS = ['2021-06-14'];
const codes = (h: HealthAssessment): string[] => h.reasons.map((r) => r.code);

// A 2021 milestone due 2021-12-31: 364 days of period, so expected = 50 % on 2021-07-02.
const MID_YEAR = '2021-07-02';
const reportedOn = (asOf: string, percent: number | null) =>
  aMilestoneFacts({ percent, lastReportOn: asOf, forecastDate: null });

describe('expectedPercentAt', () => {
  it('grows linearly from Jan 1 of the period to the due date', () => {
    const facts = aMilestoneFacts();
    expect(expectedPercentAt(facts, '2020-12-31')).toBe(0);
    expect(expectedPercentAt(facts, '2021-01-01')).toBe(0);
    expect(expectedPercentAt(facts, MID_YEAR)).toBe(50);
    expect(expectedPercentAt(facts, '2021-12-31')).toBe(100);
    expect(expectedPercentAt(facts, '2022-03-01')).toBe(100);
    // A range period (2020-2022年) starts on Jan 1 of its first year.
    const range = aMilestoneFacts({ period: { from: 2020, to: 2022 }, baselineDueDate: '2022-12-31' });
    expect(expectedPercentAt(range, '2021-07-02')).toBeCloseTo((548 / 1095) * 100, 10);
  });
});

describe('healthAt', () => {
  describe('red', () => {
    it('is red from the day after the due date', () => {
      const facts = aMilestoneFacts({
        baselineDueDate: '2021-06-30',
        percent: 100,
        lastReportOn: '2021-06-29',
      });
      expect(healthAt(facts, '2021-06-30', THRESHOLDS, HOLIDAYS).colour).toBe('amber');
      const h = healthAt(facts, '2021-07-01', THRESHOLDS, HOLIDAYS);
      expect(h.colour).toBe('red');
      expect(h.reasons).toEqual([
        {
          code: 'overdue',
          zh: '已逾期1天（截止日期2021-06-30）',
          en: 'Overdue by 1 day (due 2021-06-30)',
          detail: { dueDate: '2021-06-30', daysOverdue: 1, submittedOn: null },
        },
      ]);
    });

    it('is red when progress is below 85 % of expected', () => {
      const h = healthAt(reportedOn(MID_YEAR, 42), MID_YEAR, THRESHOLDS, HOLIDAYS);
      expect(h.colour).toBe('red');
      expect(h.reasons).toEqual([
        {
          code: 'behind_schedule',
          zh: '进度42%，低于预期进度50%的85%',
          en: 'Progress 42% is below 85% of the expected 50%',
          detail: { percent: 42, expectedPercent: 50 },
        },
      ]);
    });

    it('is red when the forecast completion date is after the due date, listing every red reason', () => {
      const facts = { ...reportedOn(MID_YEAR, 40), forecastDate: '2022-03-31' };
      const h = healthAt(facts, MID_YEAR, THRESHOLDS, HOLIDAYS);
      expect(h.colour).toBe('red');
      expect(codes(h)).toEqual(['forecast_after_due', 'behind_schedule']);
      expect(h.reasons[0]?.zh).toBe('预计完成日期2022-03-31晚于截止日期2021-12-31');
    });

    it('is red while a submitted claim past its due date waits for acceptance', () => {
      const facts = aMilestoneFacts({
        baselineDueDate: '2021-06-30',
        lifecycle: 'submitted',
        submittedOn: '2021-07-05',
        lastReportOn: '2021-07-05',
        percent: 100,
      });
      const h = healthAt(facts, '2021-07-10', THRESHOLDS, HOLIDAYS);
      expect(h.colour).toBe('red');
      expect(h.reasons[0]?.zh).toBe('已逾期10天（截止日期2021-06-30）；已于2021-07-05提交完成，待核验销号');
    });
  });

  describe('grey', () => {
    it('turns grey when no report came within the cadence', () => {
      const facts = reportedOn('2021-05-01', 40);
      expect(healthAt(facts, '2021-06-01', THRESHOLDS, HOLIDAYS).colour).toBe('green'); // 31 days
      const h = healthAt(facts, '2021-06-02', THRESHOLDS, HOLIDAYS); // 32 days
      expect(h.colour).toBe('grey');
      expect(h.reasons).toEqual([
        {
          code: 'no_recent_report',
          zh: '已32天未报送进展（自最近一次报送2021-05-01起，报送周期31天）',
          en: 'No report for 32 days since the last report on 2021-05-01 (cadence 31 days)',
          detail: { lastReportOn: '2021-05-01', since: '2021-05-01', daysSinceReport: 32, cadenceDays: 31 },
        },
      ]);
    });

    it('counts the cadence from the start of the period when nothing was ever reported', () => {
      const facts = aMilestoneFacts({ lifecycle: 'planned' });
      expect(healthAt(facts, '2021-02-01', THRESHOLDS, HOLIDAYS).colour).toBe('green');
      expect(healthAt(facts, '2021-02-02', THRESHOLDS, HOLIDAYS)).toMatchObject({
        colour: 'grey',
        reasons: [
          { code: 'no_recent_report', zh: '已32天未报送进展（自计划期开始2021-01-01起，报送周期31天）' },
        ],
      });
    });

    it('beats the progress rules (a stale percentage is no news) but not overdue', () => {
      const stale = reportedOn('2021-03-01', 0);
      expect(healthAt(stale, MID_YEAR, THRESHOLDS, HOLIDAYS).colour).toBe('grey');
      expect(codes(healthAt(stale, '2022-01-01', THRESHOLDS, HOLIDAYS))).toEqual([
        'overdue',
        'behind_schedule',
      ]);
    });

    it('does not apply to a submitted claim: the next move is the supervising office’s', () => {
      const facts = aMilestoneFacts({
        lifecycle: 'submitted',
        submittedOn: '2021-05-01',
        lastReportOn: '2021-05-01',
      });
      expect(codes(healthAt(facts, '2021-09-01', THRESHOLDS, HOLIDAYS))).toEqual(['awaiting_acceptance']);
    });
  });

  describe('amber', () => {
    it('is amber within 10 working days of the due date when not submitted', () => {
      const facts = aMilestoneFacts({
        baselineDueDate: '2021-06-30',
        percent: 99,
        lastReportOn: '2021-06-10',
      });
      expect(healthAt(facts, '2021-06-15', THRESHOLDS, HOLIDAYS).colour).toBe('green'); // 11 working days left
      const h = healthAt(facts, '2021-06-16', THRESHOLDS, HOLIDAYS);
      expect(h.colour).toBe('amber');
      expect(h.reasons).toEqual([
        {
          code: 'due_soon',
          zh: '10个工作日内到期（截止日期2021-06-30），尚未提交完成',
          en: 'Due within 10 working days (2021-06-30), not yet submitted',
          detail: { dueDate: '2021-06-30', workingDaysLeft: 10 },
        },
      ]);
    });

    it('counts the window in working days: a holiday inside it opens it earlier', () => {
      const facts = aMilestoneFacts({
        baselineDueDate: '2021-06-25',
        percent: 99,
        lastReportOn: '2021-06-01',
      });
      expect(healthAt(facts, '2021-06-10', THRESHOLDS, []).colour).toBe('green');
      expect(healthAt(facts, '2021-06-10', THRESHOLDS, HOLIDAYS).colour).toBe('amber');
    });

    it('is amber when progress is between 85 % and 95 % of expected', () => {
      const h = healthAt(reportedOn(MID_YEAR, 45), MID_YEAR, THRESHOLDS, HOLIDAYS);
      expect(h.colour).toBe('amber');
      expect(h.reasons).toEqual([
        {
          code: 'slightly_behind',
          zh: '进度45%，低于预期进度50%的95%',
          en: 'Progress 45% is below 95% of the expected 50%',
          detail: { percent: 45, expectedPercent: 50 },
        },
      ]);
      expect(healthAt(reportedOn(MID_YEAR, 42.5), MID_YEAR, THRESHOLDS, HOLIDAYS).colour).toBe('amber');
      expect(healthAt(reportedOn(MID_YEAR, 47.5), MID_YEAR, THRESHOLDS, HOLIDAYS).colour).toBe('green');
    });

    it('stays amber after a red has caught up, until accepted', () => {
      const caughtUp = { ...reportedOn(MID_YEAR, 60), redFlagSince: '2021-05-10' };
      expect(healthAt(caughtUp, MID_YEAR, THRESHOLDS, HOLIDAYS)).toMatchObject({
        colour: 'amber',
        reasons: [{ code: 'recovering_from_red', zh: '自2021-05-10起曾为红色，现已好转但尚未销号' }],
      });
      const submitted = { ...caughtUp, lifecycle: 'submitted' as const, submittedOn: MID_YEAR };
      expect(healthAt(submitted, MID_YEAR, THRESHOLDS, HOLIDAYS).colour).toBe('amber');
      const accepted = { ...submitted, lifecycle: 'accepted' as const, acceptedOn: MID_YEAR };
      expect(healthAt(accepted, MID_YEAR, THRESHOLDS, HOLIDAYS).colour).toBe('green');
    });

    it('lists every amber reason that holds', () => {
      const facts = aMilestoneFacts({ percent: 90, lastReportOn: '2021-12-20', redFlagSince: '2021-10-01' });
      expect(codes(healthAt(facts, '2021-12-24', THRESHOLDS, HOLIDAYS))).toEqual([
        'due_soon',
        'slightly_behind',
        'recovering_from_red',
      ]);
    });
  });

  describe('green', () => {
    it('is green when on track', () => {
      expect(healthAt(reportedOn(MID_YEAR, 48), MID_YEAR, THRESHOLDS, HOLIDAYS)).toEqual({
        colour: 'green',
        reasons: [
          {
            code: 'on_track',
            zh: '按计划推进（进度48%，预期50%）',
            en: 'On track (progress 48%, expected 50%)',
            detail: { percent: 48, expectedPercent: 50, lastReportOn: MID_YEAR },
          },
        ],
      });
    });

    it('does not judge progress that was never given as a figure', () => {
      expect(codes(healthAt(reportedOn(MID_YEAR, null), MID_YEAR, THRESHOLDS, HOLIDAYS))).toEqual([
        'on_track',
      ]);
    });

    it('is green "not started yet" for a planned milestone whose period has not started', () => {
      const facts = aMilestoneFacts({
        lifecycle: 'planned',
        period: { from: 2022, to: 2022 },
        baselineDueDate: '2022-12-31',
      });
      expect(healthAt(facts, '2021-06-01', THRESHOLDS, HOLIDAYS)).toMatchObject({
        colour: 'green',
        reasons: [{ code: 'not_started_yet', zh: '计划期尚未开始（2022-01-01开始）' }],
      });
    });

    it('is green while a claim submitted in time awaits acceptance', () => {
      const facts = aMilestoneFacts({ lifecycle: 'submitted', submittedOn: '2021-12-01', percent: 100 });
      expect(healthAt(facts, '2021-12-20', THRESHOLDS, HOLIDAYS)).toMatchObject({
        colour: 'green',
        reasons: [{ code: 'awaiting_acceptance', zh: '已于2021-12-01提交完成，待核验销号' }],
      });
    });
  });

  describe('terminal lifecycles', () => {
    it('is green once accepted, with the lateness in the reason', () => {
      const facts = aMilestoneFacts({
        baselineDueDate: '2021-06-30',
        lifecycle: 'accepted',
        submittedOn: '2021-07-05',
        acceptedOn: '2021-07-12',
      });
      expect(healthAt(facts, '2021-08-01', THRESHOLDS, HOLIDAYS)).toMatchObject({
        colour: 'green',
        reasons: [{ code: 'accepted', zh: '已于2021-07-12销号（逾期5天完成）', detail: { daysLate: 5 } }],
      });
    });

    it('is grey with its own reason once cancelled or withdrawn (not assessed)', () => {
      const overdue = aMilestoneFacts({ baselineDueDate: '2021-06-30' });
      expect(
        healthAt({ ...overdue, lifecycle: 'cancelled' }, '2021-08-01', THRESHOLDS, HOLIDAYS),
      ).toMatchObject({
        colour: 'grey',
        reasons: [{ code: 'cancelled' }],
      });
      expect(
        codes(healthAt({ ...overdue, lifecycle: 'withdrawn' }, '2021-08-01', THRESHOLDS, HOLIDAYS)),
      ).toEqual(['withdrawn']);
    });
  });
});
