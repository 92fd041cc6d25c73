import type { IsoDate } from '@app/platform';
import type { AlertEpisode } from './alert';
import type { AlertRaisedData } from './alert.events';
import { RULES } from './rules';
import type { Figures } from './restate-log';
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
 * stable facts it was raised with (an unresolved one: as last restated by that day, `restatedOnEvents`) and `at`,
 * its assignment as of that day (null: unknown); the recorded events are never rewritten. A resolved one keeps the
 * figures of its last notice (no restatement is mailed). On the day it was raised, as raised or restated.
 * `restated`: what its restatements say on that day as known then (`restatedOn`, or the list's index), or null.
 */
export function figuresAsOf(
  e: AlertEpisode,
  asOf: IsoDate,
  at: SubjectAsOf | null,
  cfg: RuleSettings,
  restated: Figures | null = null,
): Pick<AlertRaisedData, 'reasons' | 'facts'> {
  const restate = RULES[e.rule].restate;
  const on = figuresDay(e, asOf);
  const said = (e.resolvedOn === null ? restated : null) ?? e.raised;
  if (!restate || on === e.raisedOn) return { reasons: said.reasons, facts: said.facts };
  return restate({ ...e.raised, reasons: said.reasons, facts: said.facts }, on, at, cfg);
}
