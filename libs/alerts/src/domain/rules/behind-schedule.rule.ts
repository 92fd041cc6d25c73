import { expectedPercentAt, progressLevel } from '@app/milestones';
import { atWork, BECAME_OVERDUE, condition, facts, isOverdue, round1, SUBMITTED } from '../subject';
import type { AlertRuleDefinition } from './rule';

/** 进度滞后: the reported percent below the red share of the linear expectation, while at work. */
export const behindSchedule: AlertRuleDefinition = {
  labelZh: '进度滞后',
  copies: { cooperating: false, office: false },
  scan: (x, asOf, cfg) => {
    const percent = x.a.percent;
    if (!atWork(x) || isOverdue(x, asOf) || x.a.dueDate === '' || percent === null) return [];
    const expected = expectedPercentAt(facts(x), asOf);
    if (progressLevel(percent, expected, cfg.health) !== 2) return [];
    const red = Math.round(cfg.health.redBelow * 1000) / 10;
    return [
      condition(
        x,
        'behind_schedule',
        '',
        'warning',
        [
          {
            code: 'behind_schedule',
            zh: `进度${round1(percent)}%，低于预期进度${round1(expected)}%的${red}%`,
            en: `Progress ${round1(percent)}% is below ${red}% of the expected ${round1(expected)}%`,
          },
        ],
        { percent, expectedPercent: round1(expected) },
      ),
    ];
  },
  cleared: (_e, x, asOf, cfg) => {
    if (!atWork(x)) return SUBMITTED;
    if (isOverdue(x, asOf)) return BECAME_OVERDUE;
    const percent = x.a.percent;
    if (percent === null) return null;
    return progressLevel(percent, expectedPercentAt(facts(x), asOf), cfg.health) === 2
      ? null
      : { code: 'caught_up', zh: `进度已赶上（${round1(percent)}%）`, en: 'Progress caught up' };
  },
};
