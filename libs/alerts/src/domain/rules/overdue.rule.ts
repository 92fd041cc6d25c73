import { daysBetween, type IsoDate } from '@app/platform';
import type { AlertReason } from '../alert.events';
import { condition, daysOverdue, isOverdue, rebaselined, type SubjectAsOf } from '../subject';
import { discOf, type AlertRuleDefinition } from './rule';

/**
 * The one wording of "overdue by n days" (the alert, the list as of a day, the repeat and escalation mails);
 * `submittedOn`: set when completion was submitted (awaiting 销号), '—' when its day is unknown.
 */
export function overdueReason(due: IsoDate, n: number, submittedOn: string | null = null): AlertReason {
  const s = submittedOn !== null;
  return {
    code: 'overdue',
    zh: `已逾期${n}天（截止日期${due}）${s ? `；已于${submittedOn}提交完成，待核验销号` : ''}`,
    en: `Overdue by ${n} day${n === 1 ? '' : 's'} (due ${due})${s ? `; completion submitted on ${submittedOn}, awaiting acceptance` : ''}`,
  };
}

/** The submission an overdue alert names: the claim awaiting 销号 ('—' when its day is unknown), or none. */
function submission(a: Pick<SubjectAsOf, 'lifecycle' | 'submittedOn'>): string | null {
  return a.lifecycle === 'submitted' ? (a.submittedOn ?? '—') : null;
}

/** The submission an overdue alert was raised with: its fact, or (alerts raised before that fact) its reason. */
function raisedSubmission(
  facts: Readonly<Record<string, unknown>>,
  reasons: readonly AlertReason[],
): string | null {
  if ('submittedOn' in facts) return typeof facts.submittedOn === 'string' ? facts.submittedOn : null;
  const zh = reasons.find((r) => r.code === 'overdue')?.zh ?? '';
  return /；已于(.+?)提交完成/.exec(zh)?.[1] ?? null;
}

/** 已逾期: past the due date and not accepted (a submitted claim says so, awaiting 销号). Repeats and escalates. */
export const overdue: AlertRuleDefinition = {
  labelZh: '已逾期',
  copies: { cooperating: false, office: true },
  scan: (x, asOf) => {
    if (!isOverdue(x, asOf)) return [];
    const due = x.a.dueDate;
    const n = daysOverdue(x, asOf);
    const submittedOn = submission(x.a);
    return [
      condition(x, 'overdue', due, 'critical', [overdueReason(due, n, submittedOn)], {
        dueDate: due,
        daysOverdue: n,
        submittedOn,
      }),
    ];
  },
  /** Days overdue as of `on`, and the claim awaiting 销号 then (a returned claim no longer: what that day's mail says). */
  restatesFromSubject: true,
  restate: (r, on, at) => {
    const due = typeof r.facts.dueDate === 'string' ? r.facts.dueDate : r.milestone.dueDate;
    const n = daysBetween(due, on);
    const submittedOn = at ? submission(at) : raisedSubmission(r.facts, r.reasons);
    const reason = overdueReason(due, n, submittedOn);
    return {
      reasons: r.reasons.map((x) => (x.code === 'overdue' ? reason : x)),
      facts: { ...r.facts, daysOverdue: n, submittedOn },
    };
  },
  cleared: (e, x, asOf) => {
    if (x.a.dueDate !== discOf(e)) return rebaselined(x);
    return asOf > x.a.dueDate ? null : { code: 'not_overdue', zh: '未逾期', en: 'Not overdue' };
  },
};
