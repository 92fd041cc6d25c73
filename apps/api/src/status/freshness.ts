import type { ConsumerStatus } from '@app/event-store';

/** How fresh a consumer's tables are: up to date, behind (and not moving), or stuck on an event. Best first. */
export const FRESHNESS_STATES = ['current', 'behind', 'failing'] as const;
export type FreshnessState = (typeof FRESHNESS_STATES)[number];

/** What a consumer's tables feed: the figures the dashboard shows, or the alert notices (mail, robots). */
export const FRESHNESS_AFFECTS = ['figures', 'notices'] as const;
export type FreshnessAffects = (typeof FRESHNESS_AFFECTS)[number];

/**
 * A consumer behind the head is `behind` once the oldest event it has not processed (the first after its checkpoint)
 * was recorded more than this long ago: its figures are that old. A consumer a few events behind during a burst, or
 * the moment a first event lands after a quiet spell, is not worth a word; one working through a large backlog is,
 * however often its checkpoint moves.
 */
export const BEHIND_AFTER_SECONDS = 30;

/** The consumers the freshness reports on, in the order it lists them, with the name people see. */
export interface WatchedConsumer {
  readonly name: string;
  readonly labelZh: string;
  readonly affects: FreshnessAffects;
}

/** One consumer's freshness; `error` only for admins (it may carry internals), null otherwise. */
export interface ConsumerFreshness {
  readonly name: string;
  readonly labelZh: string;
  readonly affects: FreshnessAffects;
  readonly state: FreshnessState;
  readonly lag: number;
  readonly position: number;
  readonly head: number;
  readonly updatedAt: string | null;
  readonly secondsSinceUpdate: number | null;
  readonly pendingSince: string | null;
  readonly pendingSinceSeconds: number | null;
  readonly failingSince: string | null;
  readonly failures: number | null;
  readonly failingPosition: number | null;
  readonly error: string | null;
}

/** The freshness of the figures (the worst of the consumers that feed them), of the notices, and each consumer's. */
export interface Freshness {
  readonly state: FreshnessState;
  readonly notices: FreshnessState;
  readonly behindAfterSeconds: number;
  readonly consumers: ConsumerFreshness[];
}

/** A consumer's state at `now`: failing when a failure is recorded, behind when its oldest pending event is old. */
export function stateOf(s: ConsumerStatus, now: Date): FreshnessState {
  if (s.failing !== null) return 'failing';
  const waited = secondsSince(s.oldestPendingAt, now);
  return s.lag > 0 && waited !== null && waited > BEHIND_AFTER_SECONDS ? 'behind' : 'current';
}

/** Seconds from `at` to `now` (never negative; null for none). */
function secondsSince(at: Date | null, now: Date): number | null {
  return at === null ? null : Math.max(0, (now.getTime() - at.getTime()) / 1000);
}

const whole = (seconds: number | null): number | null => (seconds === null ? null : Math.round(seconds));

/** The worse of the states (`current` for none). */
export function worst(states: readonly FreshnessState[]): FreshnessState {
  return FRESHNESS_STATES[Math.max(0, ...states.map((s) => FRESHNESS_STATES.indexOf(s)))] ?? 'current';
}

/** The freshness of the `watched` consumers from their status (those not registered here are left out). */
export function freshnessOf(
  statuses: readonly ConsumerStatus[],
  watched: readonly WatchedConsumer[],
  now: Date,
  admin: boolean,
): Freshness {
  const byName = new Map(statuses.map((s) => [s.name, s]));
  const consumers = watched.flatMap((w) => {
    const s = byName.get(w.name);
    return s ? [consumerFreshness(s, w, now, admin)] : [];
  });
  const of = (a: FreshnessAffects) => worst(consumers.filter((c) => c.affects === a).map((c) => c.state));
  return {
    state: of('figures'),
    notices: of('notices'),
    behindAfterSeconds: BEHIND_AFTER_SECONDS,
    consumers,
  };
}

function consumerFreshness(
  s: ConsumerStatus,
  w: WatchedConsumer,
  now: Date,
  admin: boolean,
): ConsumerFreshness {
  const f = s.failing;
  return {
    ...w,
    state: stateOf(s, now),
    lag: s.lag,
    position: s.position,
    head: s.head,
    updatedAt: s.updatedAt?.toISOString() ?? null,
    secondsSinceUpdate: whole(secondsSince(s.updatedAt, now)),
    pendingSince: s.oldestPendingAt?.toISOString() ?? null,
    pendingSinceSeconds: whole(secondsSince(s.oldestPendingAt, now)),
    failingSince: f?.since.toISOString() ?? null,
    failures: f?.failures ?? null,
    failingPosition: f?.position ?? null,
    error: admin ? (f?.error ?? null) : null,
  };
}
