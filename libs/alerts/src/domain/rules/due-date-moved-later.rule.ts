import { condition } from '../subject';
import type { AlertRuleDefinition } from './rule';

/** 完成时限后延: a re-baseline or plan revision that moves the assignment's due date later (told, not tracked). */
export const dueDateMovedLater: AlertRuleDefinition = {
  labelZh: '完成时限后延',
  copies: { cooperating: false, office: true },
  onEvent: (before, after, t) => {
    if (t.type !== 'DueDateRebaselined' && t.type !== 'MilestoneRevised') return [];
    const from = before?.a.dueDate ?? '';
    const to = after.a.dueDate;
    if (from === '' || to <= from) return [];
    const why = t.type === 'DueDateRebaselined' ? t.data.reason : '计划文档修订';
    const baseline = after.milestone.baselineDueDate;
    return [
      condition(
        after,
        'due_date_moved_later',
        `v${t.version}`,
        'info',
        [
          {
            code: 'due_date_moved_later',
            zh: `完成时限由${from}后延至${to}（原计划${baseline}）：${why}`,
            en: `Due date moved from ${from} to ${to} (baseline ${baseline}): ${why}`,
          },
        ],
        { previousDueDate: from, dueDate: to, reason: why },
      ),
    ];
  },
  cleared: () => null,
};
