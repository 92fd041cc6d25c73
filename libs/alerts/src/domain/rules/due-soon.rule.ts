import { daysBetween } from '@app/platform';
import type { AlertLevel } from '../alert.events';
import { atWork, BECAME_OVERDUE, condition, isOverdue, rebaselined, SUBMITTED } from '../subject';
import { discOf, type AlertRuleDefinition } from './rule';

function windows(days: readonly number[]): { days: number; above: number; level: AlertLevel }[] {
  return days.map((d, i) => ({
    days: d,
    above: days[i + 1] ?? -1,
    level: i === days.length - 1 ? 'warning' : 'info',
  }));
}

/** 即将到期: each configured reminder window before the due date, while not submitted. */
export const dueSoon: AlertRuleDefinition = {
  labelZh: '即将到期',
  copies: { cooperating: false, office: false },
  scan: (x, asOf, cfg) => {
    if (!atWork(x) || isOverdue(x, asOf) || x.a.dueDate === '') return [];
    const due = x.a.dueDate;
    const d = daysBetween(asOf, due);
    return windows(cfg.dueSoonDays)
      .filter((w) => d > w.above && d <= w.days)
      .map((w) =>
        condition(
          x,
          'due_soon',
          `${due}-${w.days}d`,
          w.level,
          [
            {
              code: 'due_soon',
              zh: `距截止日期${due}还有${d}天（${w.days}天提醒），尚未提交完成`,
              en: `Due on ${due}, in ${d} day${d === 1 ? '' : 's'} (${w.days}-day reminder); not yet submitted`,
            },
          ],
          { dueDate: due, daysToDue: d, window: w.days },
        ),
      );
  },
  cleared: (e, x, asOf) => {
    if (!atWork(x)) return SUBMITTED;
    if (!discOf(e).startsWith(`${x.a.dueDate}-`)) return rebaselined(x);
    return asOf > x.a.dueDate ? BECAME_OVERDUE : null;
  },
};
