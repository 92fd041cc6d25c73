import type { IsoDate } from '@app/platform';
import type { AlertEpisode } from './alert';
import type { AlertRaisedData } from './alert.events';
import { RULES } from './rules';
import type { RuleSettings, SubjectAsOf } from './subject';

/**
 * The day an episode's date-dependent figures (days overdue, days left) are told as of: an unresolved one, the
 * day asked about (never before it was raised); a resolved one, its last notice (raised, repeated or escalated),
 * the latest day the condition is known to have held and what its last mail said.
 */
export function figuresDay(e: AlertEpisode, asOf: IsoDate): IsoDate {
  if (e.resolvedOn !== null) return e.lastNotifiedOn;
  return asOf < e.raisedOn ? e.raisedOn : asOf;
}

/**
 * The reasons and facts of an episode as of `asOf` (see `figuresDay`), computed by its rule's one wording from the
 * stable facts it was raised with and `at`, its assignment as of that day (null: unknown); the recorded events are
 * never rewritten. On the day it was raised, as raised.
 */
export function figuresAsOf(
  e: AlertEpisode,
  asOf: IsoDate,
  at: SubjectAsOf | null,
  cfg: RuleSettings,
): Pick<AlertRaisedData, 'reasons' | 'facts'> {
  const restate = RULES[e.rule].restate;
  const on = figuresDay(e, asOf);
  if (!restate || on === e.raisedOn) return { reasons: e.raised.reasons, facts: e.raised.facts };
  return restate(e.raised, on, at, cfg);
}
