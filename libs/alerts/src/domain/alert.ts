import { assertUnreachable, type IsoDate } from '@app/platform';
import type {
  AlertAcknowledgedData,
  AlertEvent,
  AlertLevel,
  AlertRaisedData,
  AlertReason,
  AlertRule,
  AlertState,
} from './alert.events';

/** One episode of an alert condition, as its events tell it. */
export interface AlertEpisode {
  readonly alertId: string;
  readonly key: string;
  readonly episode: number;
  readonly rule: AlertRule;
  readonly level: AlertLevel;
  readonly milestoneId: string;
  readonly raised: AlertRaisedData;
  readonly raisedOn: IsoDate;
  readonly acknowledged: (AlertAcknowledgedData & { readonly at: string }) | null;
  readonly escalatedOn: IsoDate | null;
  readonly repeats: number;
  /** The last date a mail went out about it (raised, repeated or escalated). */
  readonly lastNotifiedOn: IsoDate;
  readonly resolvedOn: IsoDate | null;
  readonly resolvedReason: AlertReason | null;
}

export function episodeState(e: AlertEpisode): AlertState {
  if (e.resolvedOn !== null) return 'resolved';
  if (e.acknowledged !== null) return 'acknowledged';
  return 'open';
}

/** An alert event with when it happened (for acknowledgements). */
export type TimedAlertEvent = AlertEvent & { readonly occurredAt: string };

function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/**
 * Applies an alert event to the episodes of a condition. Total and idempotent per transition (applying the
 * same fact twice changes nothing), so a projection may apply an event it already saw.
 */
export function applyAlertEvent(
  episodes: ReadonlyMap<number, AlertEpisode>,
  event: TimedAlertEvent,
): Map<number, AlertEpisode> {
  const next = new Map(episodes);
  const n = event.data.episode;
  if (event.type === 'AlertRaised') {
    const d = event.data;
    const existing = next.get(n);
    next.set(n, {
      alertId: d.alertId,
      key: d.key,
      episode: n,
      rule: d.rule,
      level: d.level,
      milestoneId: d.milestone.milestoneId,
      raised: d,
      raisedOn: d.asOf,
      acknowledged: existing?.acknowledged ?? null,
      escalatedOn: existing?.escalatedOn ?? null,
      repeats: existing?.repeats ?? 0,
      lastNotifiedOn: existing ? maxDate(existing.lastNotifiedOn, d.asOf) : d.asOf,
      resolvedOn: existing?.resolvedOn ?? null,
      resolvedReason: existing?.resolvedReason ?? null,
    });
    return next;
  }
  const cur = next.get(n);
  if (!cur) return next; // a transition of an episode not raised (yet): nothing to apply it to
  switch (event.type) {
    case 'AlertRepeated':
      next.set(n, {
        ...cur,
        repeats: Math.max(cur.repeats, event.data.occurrence),
        lastNotifiedOn: maxDate(cur.lastNotifiedOn, event.data.asOf),
      });
      break;
    case 'AlertEscalated':
      next.set(n, {
        ...cur,
        escalatedOn: cur.escalatedOn ?? event.data.asOf,
        lastNotifiedOn: maxDate(cur.lastNotifiedOn, event.data.asOf),
      });
      break;
    case 'AlertAcknowledged':
      next.set(n, { ...cur, acknowledged: cur.acknowledged ?? { ...event.data, at: event.occurredAt } });
      break;
    case 'AlertResolved':
      next.set(n, {
        ...cur,
        resolvedOn: cur.resolvedOn ?? event.data.asOf,
        resolvedReason: cur.resolvedReason ?? event.data.reason,
      });
      break;
    default:
      return assertUnreachable(event, 'alert event');
  }
  return next;
}

export function foldAlertStream(events: Iterable<TimedAlertEvent>): Map<number, AlertEpisode> {
  let episodes = new Map<number, AlertEpisode>();
  for (const e of events) episodes = applyAlertEvent(episodes, e);
  return episodes;
}

/** The latest episode of a condition, or undefined. */
export function latestEpisode(episodes: ReadonlyMap<number, AlertEpisode>): AlertEpisode | undefined {
  let latest: AlertEpisode | undefined;
  for (const e of episodes.values()) if (!latest || e.episode > latest.episode) latest = e;
  return latest;
}
