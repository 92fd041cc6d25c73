import type { IsoDate } from '@app/platform';
import type { AlertEpisode } from './alert';
import type { AlertRaisedData } from './alert.events';
import { RULES } from './rules';

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
 * The reasons and facts of an episode as of `asOf` (see `figuresDay`), computed from the stable facts it was raised
 * with by its rule's one wording: the recorded events are never rewritten.
 */
export function figuresAsOf(e: AlertEpisode, asOf: IsoDate): Pick<AlertRaisedData, 'reasons' | 'facts'> {
  const restate = RULES[e.rule].restate;
  const on = figuresDay(e, asOf);
  if (!restate || on === e.raisedOn) return { reasons: e.raised.reasons, facts: e.raised.facts };
  return restate(e.raised, on);
}
