import { addDays, daysBetween, type IsoDate } from '@app/platform';
import type { MilestoneState, StandingItemState } from '@app/milestones';
import { episodeState, type AlertEpisode } from './alert';
import {
  alertId,
  type AlertEscalatedData,
  type AlertRaisedData,
  type AlertReason,
  type AlertRepeatedData,
  type AlertResolvedData,
  type AlertRestatedData,
} from './alert.events';
import { RULES, type TriggerEvent } from './rules';
import { isStandingItem, standingCleared, standingConditions } from './standing-silence';
import {
  daysOverdue,
  subjectFor,
  subjectsOf,
  type AlertSubject,
  type Condition,
  type RuleSettings,
} from './subject';

/**
 * Running the rules (`./rules`): what a scan at a date decides for a milestone (every assignment) or a standing
 * item, what a milestone event brings, and which open alerts it resolves.
 */
export type AlertDecision =
  | { readonly kind: 'raise'; readonly key: string; readonly data: AlertRaisedData }
  | { readonly kind: 'repeat'; readonly key: string; readonly data: AlertRepeatedData }
  | { readonly kind: 'escalate'; readonly key: string; readonly data: AlertEscalatedData }
  | { readonly kind: 'resolve'; readonly key: string; readonly data: AlertResolvedData }
  | { readonly kind: 'restate'; readonly key: string; readonly data: AlertRestatedData };

/** What the rules judge: a milestone (each of its assignments) or a standing item. */
export type Judged = MilestoneState | StandingItemState;

const RULE_LIST = Object.entries(RULES) as [keyof typeof RULES, (typeof RULES)[keyof typeof RULES]][];

const REASSIGNED: AlertReason = {
  code: 'reassigned',
  zh: '承办事项已调整',
  en: 'The assignments of the milestone changed',
};

function enabled(cfg: RuleSettings): (c: Condition) => boolean {
  return (c) => !cfg.disabledRules.includes(c.rule);
}

/** Time-based conditions that hold at `asOf` (state as of that date), assignment by assignment. */
export function scanConditions(s: Judged, asOf: IsoDate, cfg: RuleSettings): Condition[] {
  if (isStandingItem(s)) return standingConditions(s, asOf, cfg);
  if (!s.exists) return [];
  return subjectsOf(s)
    .flatMap((x) => RULE_LIST.flatMap(([, r]) => r.scan?.(x, asOf, cfg) ?? []))
    .filter(enabled(cfg));
}

/** Why a condition no longer holds, or null while it does. `asOf` is the date the state is known at. */
export function clearedReason(
  e: AlertEpisode,
  s: Judged,
  asOf: IsoDate,
  cfg: RuleSettings,
): AlertReason | null {
  if (isStandingItem(s)) return standingCleared(e, s, asOf, cfg);
  const x = subjectFor(s, e.raised.milestone.assignment);
  if (!x) return REASSIGNED;
  switch (x.a.lifecycle) {
    case 'accepted':
      return { code: 'accepted', zh: '已核验销号', en: 'Completion accepted' };
    case 'cancelled':
      return { code: 'cancelled', zh: '已取消', en: 'Milestone cancelled' };
    case 'withdrawn':
      return { code: 'withdrawn', zh: '已移出计划', en: 'Milestone withdrawn' };
    default:
      return RULES[e.rule].cleared(e, x, asOf, cfg);
  }
}

function resolveDecision(e: AlertEpisode, asOf: IsoDate, reason: AlertReason): AlertDecision {
  return { kind: 'resolve', key: e.key, data: { alertId: e.alertId, episode: e.episode, asOf, reason } };
}

function raiseDecision(
  c: Condition,
  asOf: IsoDate,
  latest: AlertEpisode | undefined,
  trigger?: AlertRaisedData['trigger'],
): AlertDecision {
  const episode = (latest?.episode ?? 0) + 1;
  return {
    kind: 'raise',
    key: c.key,
    data: {
      alertId: alertId(c.key, episode),
      key: c.key,
      episode,
      rule: c.rule,
      level: c.level,
      asOf,
      reasons: c.reasons,
      milestone: c.milestone,
      ...(trigger ? { trigger } : {}),
      facts: c.facts,
    },
  };
}

/** The weekly repeat or the escalation an open, unacknowledged overdue alert is owed at `asOf`, if any. */
function reminder(e: AlertEpisode, x: AlertSubject, asOf: IsoDate, cfg: RuleSettings): AlertDecision | null {
  if (e.rule !== 'overdue' || e.acknowledged !== null || x.a.lifecycle === 'submitted') return null;
  const days = daysOverdue(x, asOf);
  const ids = { alertId: e.alertId, episode: e.episode, asOf };
  if (e.escalatedOn === null && days >= cfg.escalationDays && e.raisedOn < asOf) {
    return {
      kind: 'escalate',
      key: e.key,
      data: { ...ids, daysOverdue: days, afterDays: cfg.escalationDays },
    };
  }
  if (
    cfg.overdueRepeatDays > 0 &&
    !cfg.disabledRules.includes('overdue') &&
    daysBetween(e.lastNotifiedOn, asOf) >= cfg.overdueRepeatDays
  ) {
    return { kind: 'repeat', key: e.key, data: { ...ids, occurrence: e.repeats + 1, daysOverdue: days } };
  }
  return null;
}

/**
 * A scan at `asOf` of a milestone or standing item: resolve what cleared, repeat or escalate unacknowledged
 * overdue alerts, raise what newly holds. `latest` holds the latest episode of every condition key of it.
 */
export function evaluateScan(
  s: Judged,
  latest: ReadonlyMap<string, AlertEpisode>,
  asOf: IsoDate,
  cfg: RuleSettings,
): AlertDecision[] {
  const out: AlertDecision[] = [];
  for (const e of latest.values()) {
    if (episodeState(e) === 'resolved' || e.raisedOn > asOf) continue;
    const cleared = clearedReason(e, s, asOf, cfg);
    if (cleared) {
      out.push(resolveDecision(e, asOf, cleared));
      continue;
    }
    const x = isStandingItem(s) ? undefined : subjectFor(s, e.raised.milestone.assignment);
    const r = x ? reminder(e, x, asOf, cfg) : null;
    if (r) out.push(r);
  }
  for (const c of scanConditions(s, asOf, cfg)) {
    const l = latest.get(c.key);
    if (l && episodeState(l) !== 'resolved') continue;
    if (l && l.resolvedOn !== null && l.resolvedOn > asOf) continue; // a later scan already saw it clear
    out.push(raiseDecision(c, asOf, l));
  }
  return out;
}

/**
 * Conditions a milestone event brings to each assignment, given the milestone before and after it (both as of
 * the event's day): a delay reported, a forecast after the due date, the due date moved later, a target lowered.
 */
export function eventConditions(
  before: MilestoneState,
  after: MilestoneState,
  t: TriggerEvent,
  cfg: RuleSettings,
): Condition[] {
  if (!after.exists) return [];
  const was = new Map(subjectsOf(before).map((x) => [x.a.key, x]));
  return subjectsOf(after)
    .flatMap((x) => RULE_LIST.flatMap(([, r]) => r.onEvent?.(was.get(x.a.key), x, t) ?? []))
    .filter(enabled(cfg));
}

/** Raises for the conditions an event brings (one episode per condition key while it is not resolved). */
export function evaluateEvent(
  before: MilestoneState,
  after: MilestoneState,
  t: TriggerEvent,
  latest: ReadonlyMap<string, AlertEpisode>,
  asOf: IsoDate,
  cfg: RuleSettings,
): AlertDecision[] {
  const out: AlertDecision[] = [];
  for (const c of eventConditions(before, after, t, cfg)) {
    const l = latest.get(c.key);
    if (l && (episodeState(l) !== 'resolved' || c.disc.startsWith('v'))) continue;
    out.push(raiseDecision(c, asOf, l, { version: t.version, occurredAt: t.occurredAt, type: t.type }));
  }
  return out;
}

/** Resolutions of unresolved alerts whose condition no longer holds at `asOf`. */
export function evaluateResolutions(
  open: Iterable<AlertEpisode>,
  stateAt: (asOf: IsoDate) => Judged,
  eventDay: IsoDate,
  cfg: RuleSettings,
): AlertDecision[] {
  const out: AlertDecision[] = [];
  for (const e of open) {
    if (episodeState(e) === 'resolved') continue;
    const asOf = eventDay > e.raisedOn ? eventDay : e.raisedOn;
    const cleared = clearedReason(e, stateAt(asOf), asOf, cfg);
    if (cleared) out.push(resolveDecision(e, asOf, cleared));
  }
  return out;
}

/** The next date a weekly repeat is due (for display), or null. */
export function nextRepeatOn(e: AlertEpisode, cfg: Pick<RuleSettings, 'overdueRepeatDays'>): IsoDate | null {
  if (e.rule !== 'overdue' || episodeState(e) !== 'open' || cfg.overdueRepeatDays === 0) return null;
  return addDays(e.lastNotifiedOn, cfg.overdueRepeatDays);
}
