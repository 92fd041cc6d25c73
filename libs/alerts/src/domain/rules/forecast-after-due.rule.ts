import { atWork, condition, SUBMITTED } from '../subject';
import { discOf, type AlertRuleDefinition } from './rule';

/** 预计逾期完成: a progress report whose forecast is after the due date (once per forecast date). */
export const forecastAfterDue: AlertRuleDefinition = {
  labelZh: '预计逾期完成',
  copies: { cooperating: true, office: false },
  onEvent: (before, after, t) => {
    const f = after.a.forecastDate;
    const due = after.a.dueDate;
    if (t.type !== 'ProgressReported' || !atWork(after) || f === null || f <= due) return [];
    const heldBefore =
      before !== undefined &&
      atWork(before) &&
      before.a.forecastDate === f &&
      f > before.a.dueDate &&
      before.a.dueDate === due;
    if (heldBefore) return [];
    return [
      condition(
        after,
        'forecast_after_due',
        f,
        'warning',
        [
          {
            code: 'forecast_after_due',
            zh: `预计完成日期${f}晚于截止日期${due}`,
            en: `Forecast completion ${f} is after the due date ${due}`,
          },
        ],
        { forecastDate: f, dueDate: due },
      ),
    ];
  },
  cleared: (e, x) => {
    if (!atWork(x)) return SUBMITTED;
    const f = x.a.forecastDate;
    if (f !== discOf(e) || f <= x.a.dueDate) {
      return {
        code: 'forecast_changed',
        zh: `预计完成日期已更新为${f ?? '—'}（截止日期${x.a.dueDate}）`,
        en: `Forecast now ${f ?? '—'} (due ${x.a.dueDate})`,
      };
    }
    return null;
  },
};
