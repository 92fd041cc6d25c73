import type { AlertEpisode } from './alert';
import { figuresAsOf } from './alert-figures';
import type { AlertReason } from './alert.events';
import { overdueReason } from './rules';
import { silenceReason } from './rules/no-report.rule';
import type { RuleSettings, SubjectAsOf } from './subject';

const cfg: RuleSettings = {
  dueSoonDays: [30, 7],
  overdueRepeatDays: 7,
  escalationDays: 14,
  disabledRules: [],
  health: { redBelow: 0.85, amberBelow: 0.95, amberDueWithinWorkingDays: 10, reportCadenceDays: 31 },
};

const episode = (
  rule: AlertEpisode['rule'],
  reason: AlertReason,
  facts: Record<string, string | number | null>,
  raisedOn = '2021-01-31',
) =>
  ({
    rule,
    raisedOn,
    lastNotifiedOn: '2021-02-14',
    resolvedOn: null,
    raised: { milestone: { dueDate: '2020-12-31' }, reasons: [reason], facts },
  }) as unknown as AlertEpisode;

const raised = (reasonZh: string, facts: Record<string, string | number | null>) =>
  episode('overdue', { code: 'overdue', zh: reasonZh, en: '' }, facts);

const subject = (over: Partial<SubjectAsOf>): SubjectAsOf => ({
  lifecycle: 'in_progress',
  submittedOn: null,
  percent: null,
  dueDate: '2021-12-31',
  period: { from: 2021, to: 2021 },
  ...over,
});

describe('an alert’s figures as of a day', () => {
  it('keeps the submission it was raised with, also for alerts recorded before that fact existed', () => {
    const legacy = raised(overdueReason('2020-12-31', 31, '2021-01-20').zh, {
      dueDate: '2020-12-31',
      daysOverdue: 31,
    });
    expect(figuresAsOf(legacy, '2021-02-28', null, cfg).reasons[0]!.zh).toBe(
      '已逾期59天（截止日期2020-12-31）；已于2021-01-20提交完成，待核验销号',
    );
  });

  it('an overdue alert raised while a claim awaited 销号 no longer says so once the claim was returned', () => {
    const e = raised(overdueReason('2020-12-31', 31, '2021-01-20').zh, {
      dueDate: '2020-12-31',
      daysOverdue: 31,
      submittedOn: '2021-01-20',
    });
    const returned = figuresAsOf(e, '2021-02-21', subject({ lifecycle: 'returned' }), cfg);
    // What that day's repeat mail says before "，尚未确认".
    expect(returned.reasons[0]!.zh).toBe('已逾期52天（截止日期2020-12-31）');
    expect(returned.facts).toMatchObject({ daysOverdue: 52, submittedOn: null });
    const again = subject({ lifecycle: 'submitted', submittedOn: '2021-02-25' });
    expect(figuresAsOf(e, '2021-02-28', again, cfg).reasons[0]!.zh).toBe(
      '已逾期59天（截止日期2020-12-31）；已于2021-02-25提交完成，待核验销号',
    );
  });

  it('a resolved alert tells its figures as of its last notice (what its last mail said)', () => {
    const e = { ...raised('已逾期31天（截止日期2020-12-31）', { dueDate: '2020-12-31', daysOverdue: 31 }) };
    const resolved = { ...e, resolvedOn: '2021-02-20' } as AlertEpisode;
    expect(figuresAsOf(resolved, '2021-03-01', null, cfg).facts.daysOverdue).toBe(45);
  });

  it('a behind-schedule alert compares the percent reported by the day with the expectation then', () => {
    const e = episode(
      'behind_schedule',
      { code: 'behind_schedule', zh: '进度10%，低于预期进度41.5%的85%', en: '' },
      { percent: 10, expectedPercent: 41.5 },
      '2021-06-01',
    );
    const later = figuresAsOf(e, '2021-06-30', subject({ percent: 15 }), cfg);
    expect(later.reasons[0]!.zh).toBe('进度15%，低于预期进度49.5%的85%');
    expect(later.facts).toEqual({ percent: 15, expectedPercent: 49.5 });
    // Its assignment unknown then: as raised.
    expect(figuresAsOf(e, '2021-06-30', null, cfg).reasons[0]!.zh).toBe('进度10%，低于预期进度41.5%的85%');
  });

  it('a silence alert counts its days without a report up to the day, in the words it was raised with', () => {
    const e = episode(
      'no_report',
      silenceReason(35, '2021-06-20', true, 31),
      {
        since: '2021-06-20',
        daysSinceReport: 35,
        cadenceDays: 31,
      },
      '2021-07-25',
    );
    const later = figuresAsOf(e, '2021-07-31', null, cfg);
    expect(later.reasons[0]!.zh).toBe('已41天未报送进展（自最近一次报送2021-06-20起，报送周期31天）');
    expect(later.facts).toMatchObject({ daysSinceReport: 41, since: '2021-06-20' });
    const fromStart = episode(
      'no_report',
      silenceReason(40, '2021-01-01', false, 31),
      {
        since: '2021-01-01',
        daysSinceReport: 40,
        cadenceDays: 31,
      },
      '2021-02-10',
    );
    expect(figuresAsOf(fromStart, '2021-02-14', null, cfg).reasons[0]!.zh).toBe(
      '已44天未报送进展（自计划期开始2021-01-01起，报送周期31天）',
    );
  });
});
