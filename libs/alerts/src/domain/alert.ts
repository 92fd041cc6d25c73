import { assertUnreachable, type IsoDate } from '@app/platform';
import type {
  AlertAcknowledgedData,
  AlertEvent,
  AlertLevel,
  AlertRaisedData,
  AlertReason,
  AlertState,
} from './alert.events';
import type { AlertRule } from './rules';

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
  /** Each weekly repeat: its occurrence, the day it is dated and when its event was recorded. */
  readonly repeatLog: readonly AlertRepeat[];
  /**
   * When each transition's event was recorded (the store's `recordedAt`), for "as known at K": null until the
   * event is read back from the store (an event applied right after its append, within a monitor batch).
   */
  readonly recorded: AlertRecordedAt;
}

export interface AlertRepeat {
  readonly occurrence: number;
  readonly on: IsoDate;
  readonly recordedAt: string | null;
}

export interface AlertRecordedAt {
  readonly raised: string | null;
  readonly acknowledged: string | null;
  readonly escalated: string | null;
  readonly resolved: string | null;
}

export function episodeState(e: AlertEpisode): AlertState {
  if (e.resolvedOn !== null) return 'resolved';
  if (e.acknowledged !== null) return 'acknowledged';
  return 'open';
}

/**
 * An alert event with when it happened (for acknowledgements) and, once read from the store, when it was
 * recorded.
 */
export type TimedAlertEvent = AlertEvent & { readonly occurredAt: string; readonly recordedAt?: string };

/** The later of two days. */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
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
  const recordedAt = event.recordedAt ?? null;
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
      repeatLog: existing?.repeatLog ?? [],
      recorded: {
        acknowledged: existing?.recorded.acknowledged ?? null,
        escalated: existing?.recorded.escalated ?? null,
        resolved: existing?.recorded.resolved ?? null,
        raised: existing?.recorded.raised ?? recordedAt,
      },
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
        repeatLog: logRepeat(cur.repeatLog, event.data.occurrence, event.data.asOf, recordedAt),
      });
      break;
    case 'AlertEscalated':
      next.set(n, {
        ...cur,
        escalatedOn: cur.escalatedOn ?? event.data.asOf,
        lastNotifiedOn: maxDate(cur.lastNotifiedOn, event.data.asOf),
        recorded: { ...cur.recorded, escalated: cur.recorded.escalated ?? recordedAt },
      });
      break;
    case 'AlertAcknowledged':
      next.set(n, {
        ...cur,
        acknowledged: cur.acknowledged ?? { ...event.data, at: event.occurredAt },
        recorded: { ...cur.recorded, acknowledged: cur.recorded.acknowledged ?? recordedAt },
      });
      break;
    case 'AlertResolved':
      next.set(n, {
        ...cur,
        resolvedOn: cur.resolvedOn ?? event.data.asOf,
        resolvedReason: cur.resolvedReason ?? event.data.reason,
        recorded: { ...cur.recorded, resolved: cur.recorded.resolved ?? recordedAt },
      });
      break;
    case 'AlertRestated':
      // Its figures from a day on: kept beside the episode (`alert_restatements`, the monitor's), not in it.
      break;
    default:
      return assertUnreachable(event, 'alert event');
  }
  return next;
}

/** The repeats with this one dated (once per occurrence; a recorded time fills in when its event is read back). */
function logRepeat(
  log: readonly AlertRepeat[],
  occurrence: number,
  on: IsoDate,
  recordedAt: string | null,
): AlertRepeat[] {
  const i = log.findIndex((r) => r.occurrence === occurrence);
  if (i < 0) return [...log, { occurrence, on, recordedAt }].sort((a, b) => a.occurrence - b.occurrence);
  const kept = log[i]!;
  if (kept.recordedAt !== null || recordedAt === null) return [...log];
  return log.map((r, j) => (j === i ? { ...r, recordedAt } : r));
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
