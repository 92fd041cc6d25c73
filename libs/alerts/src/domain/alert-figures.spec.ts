import type { AlertEpisode } from './alert';
import { figuresAsOf } from './alert-figures';
import { overdueReason } from './rules';

const raised = (reasonZh: string, facts: Record<string, string | number | null>) =>
  ({
    rule: 'overdue',
    raisedOn: '2021-01-31',
    lastNotifiedOn: '2021-02-14',
    resolvedOn: null,
    raised: {
      milestone: { dueDate: '2020-12-31' },
      reasons: [{ code: 'overdue', zh: reasonZh, en: '' }],
      facts,
    },
  }) as unknown as AlertEpisode;

describe('an alert’s figures as of a day', () => {
  it('keeps the submission it was raised with, also for alerts recorded before that fact existed', () => {
    const legacy = raised(overdueReason('2020-12-31', 31, '2021-01-20').zh, {
      dueDate: '2020-12-31',
      daysOverdue: 31,
    });
    expect(figuresAsOf(legacy, '2021-02-28').reasons[0]!.zh).toBe(
      '已逾期59天（截止日期2020-12-31）；已于2021-01-20提交完成，待核验销号',
    );
  });

  it('a resolved alert tells its figures as of its last notice (what its last mail said)', () => {
    const e = { ...raised('已逾期31天（截止日期2020-12-31）', { dueDate: '2020-12-31', daysOverdue: 31 }) };
    const resolved = { ...e, resolvedOn: '2021-02-20' } as AlertEpisode;
    expect(figuresAsOf(resolved, '2021-03-01').facts.daysOverdue).toBe(45);
  });
});
