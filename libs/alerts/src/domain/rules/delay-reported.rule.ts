import { atWork, condition, SUBMITTED } from '../subject';
import type { AlertRuleDefinition } from './rule';

/** 报告延期: every delay report on the assignment it concerns (one alert per report). */
export const delayReported: AlertRuleDefinition = {
  labelZh: '报告延期',
  copies: { cooperating: true, office: false },
  onEvent: (before, after, t) => {
    if (t.type !== 'DelayReported' || !atWork(after)) return [];
    if (before !== undefined && before.a.delays === after.a.delays) return []; // another assignment's delay
    const { reason, forecastDate } = t.data;
    const due = after.a.dueDate;
    const late = forecastDate > due;
    return [
      condition(
        after,
        'delay_reported',
        `v${t.version}`,
        'warning',
        [
          {
            code: 'delay_reported',
            zh: `报告延期：${reason}；预计完成日期${forecastDate}${late ? `，晚于截止日期${due}` : `（截止日期${due}）`}`,
            en: `Delay reported: ${reason}; forecast ${forecastDate} (due ${due})`,
          },
        ],
        { forecastDate, dueDate: due, reason },
      ),
    ];
  },
  cleared: (e, x) => {
    if (!atWork(x)) return SUBMITTED;
    const { forecastAt, forecastDate, dueDate } = x.a;
    const triggerAt = e.raised.trigger?.occurredAt ?? '';
    if (
      forecastAt !== null &&
      Date.parse(forecastAt) > Date.parse(triggerAt) &&
      forecastDate !== null &&
      forecastDate <= dueDate
    ) {
      return {
        code: 'back_on_schedule',
        zh: `最新预计完成日期${forecastDate}不晚于截止日期${dueDate}`,
        en: `Latest forecast ${forecastDate} is not after the due date ${dueDate}`,
      };
    }
    return null;
  },
};
