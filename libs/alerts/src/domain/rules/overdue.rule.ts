import { condition, daysOverdue, isOverdue, rebaselined } from '../subject';
import { discOf, type AlertRuleDefinition } from './rule';

/** 已逾期: past the due date and not accepted (a submitted claim says so, awaiting 销号). Repeats and escalates. */
export const overdue: AlertRuleDefinition = {
  labelZh: '已逾期',
  copies: { cooperating: false, office: true },
  scan: (x, asOf) => {
    if (!isOverdue(x, asOf)) return [];
    const due = x.a.dueDate;
    const n = daysOverdue(x, asOf);
    const submitted = x.a.lifecycle === 'submitted';
    const on = x.a.submittedOn ?? '—';
    return [
      condition(
        x,
        'overdue',
        due,
        'critical',
        [
          {
            code: 'overdue',
            zh: `已逾期${n}天（截止日期${due}）${submitted ? `；已于${on}提交完成，待核验销号` : ''}`,
            en: `Overdue by ${n} day${n === 1 ? '' : 's'} (due ${due})${submitted ? `; completion submitted on ${on}, awaiting acceptance` : ''}`,
          },
        ],
        { dueDate: due, daysOverdue: n },
      ),
    ];
  },
  cleared: (e, x, asOf) => {
    if (x.a.dueDate !== discOf(e)) return rebaselined(x);
    return asOf > x.a.dueDate ? null : { code: 'not_overdue', zh: '未逾期', en: 'Not overdue' };
  },
};
