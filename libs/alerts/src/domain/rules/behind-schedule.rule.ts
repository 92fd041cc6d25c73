import { expectedPercentAt, progressLevel } from '@app/milestones';
import type { AlertReason } from '../alert.events';
import {
  atWork,
  BECAME_OVERDUE,
  condition,
  facts,
  isOverdue,
  round1,
  SUBMITTED,
  type RuleSettings,
} from '../subject';
import type { AlertRuleDefinition } from './rule';

/** The one wording of "behind the expectation" (the alert, and the list as of a later day). */
function behindReason(percent: number, expected: number, cfg: RuleSettings): AlertReason {
  const red = Math.round(cfg.health.redBelow * 1000) / 10;
  return {
    code: 'behind_schedule',
    zh: `进度${round1(percent)}%，低于预期进度${round1(expected)}%的${red}%`,
    en: `Progress ${round1(percent)}% is below ${red}% of the expected ${round1(expected)}%`,
  };
}

const behindFacts = (percent: number, expected: number) => ({ percent, expectedPercent: round1(expected) });

/** 进度滞后: the reported percent below the red share of the linear expectation, while at work. */
export const behindSchedule: AlertRuleDefinition = {
  labelZh: '进度滞后',
  copies: { cooperating: false, office: false },
  scan: (x, asOf, cfg) => {
    const percent = x.a.percent;
    if (!atWork(x) || isOverdue(x, asOf) || x.a.dueDate === '' || percent === null) return [];
    const expected = expectedPercentAt(facts(x), asOf);
    if (progressLevel(percent, expected, cfg.health) !== 2) return [];
    return [
      condition(
        x,
        'behind_schedule',
        '',
        'warning',
        [behindReason(percent, expected, cfg)],
        behindFacts(percent, expected),
      ),
    ];
  },
  /** The percent reported by `on` against the expectation then (as raised when the assignment is unknown). */
  restatesFromSubject: true,
  restate: (r, on, at, cfg) => {
    if (at === null || at.percent === null || at.dueDate === '')
      return { reasons: r.reasons, facts: r.facts };
    const expected = expectedPercentAt(at, on);
    // No longer behind then (its resolution not read yet): the figures as raised, not a false "低于预期".
    if (progressLevel(at.percent, expected, cfg.health) !== 2) return { reasons: r.reasons, facts: r.facts };
    const reason = behindReason(at.percent, expected, cfg);
    return {
      reasons: r.reasons.map((x) => (x.code === 'behind_schedule' ? reason : x)),
      facts: { ...r.facts, ...behindFacts(at.percent, expected) },
    };
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
