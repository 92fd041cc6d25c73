import { daysBetween, type IsoDate } from '@app/platform';
import type { AlertLevel, AlertReason } from '../alert.events';
import { atWork, BECAME_OVERDUE, condition, isOverdue, rebaselined, SUBMITTED } from '../subject';
import { discOf, type AlertRuleDefinition } from './rule';

function windows(days: readonly number[]): { days: number; above: number; level: AlertLevel }[] {
  return days.map((d, i) => ({
    days: d,
    above: days[i + 1] ?? -1,
    level: i === days.length - 1 ? 'warning' : 'info',
  }));
}

/** The one wording of "due in d days" (the alert, and the list as of a later day). */
function dueSoonReason(due: IsoDate, d: number, window: number): AlertReason {
  return {
    code: 'due_soon',
    zh: `距截止日期${due}还有${d}天（${window}天提醒），尚未提交完成`,
    en: `Due on ${due}, in ${d} day${d === 1 ? '' : 's'} (${window}-day reminder); not yet submitted`,
  };
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
        condition(x, 'due_soon', `${due}-${w.days}d`, w.level, [dueSoonReason(due, d, w.days)], {
          dueDate: due,
          daysToDue: d,
          window: w.days,
        }),
      );
  },
  /** Days left as of `on`; past the due date (no scan has turned it into 已逾期 yet), as raised. */
  restate: (r, on) => {
    const due = typeof r.facts.dueDate === 'string' ? r.facts.dueDate : r.milestone.dueDate;
    const window = r.facts.window;
    if (on > due || typeof window !== 'number') return { reasons: r.reasons, facts: r.facts };
    const d = daysBetween(on, due);
    const reason = dueSoonReason(due, d, window);
    return {
      reasons: r.reasons.map((x) => (x.code === 'due_soon' ? reason : x)),
      facts: { ...r.facts, daysToDue: d },
    };
  },
  cleared: (e, x, asOf) => {
    if (!atWork(x)) return SUBMITTED;
    if (!discOf(e).startsWith(`${x.a.dueDate}-`)) return rebaselined(x);
    return asOf > x.a.dueDate ? BECAME_OVERDUE : null;
  },
};
