import { meetsTarget } from '@app/milestones/labels';
import { condition, isOverdue } from '../subject';
import { discOf, type AlertRuleDefinition } from './rule';

/** 指标未达标: once submitted (or overdue), a reported indicator value short of its target. */
export const indicatorShortfall: AlertRuleDefinition = {
  labelZh: '指标未达标',
  copies: { cooperating: false, office: false },
  scan: (x, asOf) => {
    if (x.a.dueDate === '' || (x.a.lifecycle !== 'submitted' && !isOverdue(x, asOf))) return [];
    return x.a.indicators.flatMap((i, idx) =>
      i.actual === null || meetsTarget(i.actual, i.comparator, i.target)
        ? []
        : [
            condition(
              x,
              'indicator_shortfall',
              `i${idx}`,
              'warning',
              [
                {
                  code: 'indicator_shortfall',
                  zh: `指标“${i.metric}”实际${i.actual}${i.unit}，未达到目标${i.target}${i.unit}`,
                  en: `Indicator "${i.metric}": ${i.actual} ${i.unit} reported, target ${i.target} ${i.unit}`,
                },
              ],
              { metric: i.metric, actual: i.actual, target: i.target, unit: i.unit },
            ),
          ],
    );
  },
  /** A new value reported, still short: the open alert quotes it from that day on (its words: `scan`'s). */
  restatedOnEvents: true,
  cleared: (e, x, asOf) => {
    const i = x.a.indicators[Number(discOf(e).slice(1))];
    if (!i || i.actual === null || meetsTarget(i.actual, i.comparator, i.target)) {
      return { code: 'target_met', zh: '指标已达标', en: 'Indicator target met' };
    }
    if (x.a.lifecycle !== 'submitted' && !isOverdue(x, asOf)) {
      return { code: 'back_at_work', zh: '已退回继续推进', en: 'Returned; work goes on' };
    }
    return null;
  },
};
