import type { RecordedEvent } from '@app/event-store';
import {
  MILESTONE_EVENTS,
  type MilestoneEvent,
  milestoneIdFromStreamId,
  milestoneStreamId,
  STANDING_ITEM_EVENTS,
  standingItemIdFromStreamId,
  standingStreamId,
  toMilestoneEvent,
  toStandingItemEvent,
} from '@app/milestones';
import type { IsoDate } from '@app/platform';
import type { AlertEpisode, TimedAlertEvent } from '../domain/alert';
import { ALERT_EVENTS, type AlertMilestoneSnapshot } from '../domain/alert.events';
import { dayOfInstant } from '../history/state-as-of';
import { toTimedAlertEvent } from './alert-projection';

/**
 * The events the monitor reads (`readEvent` decodes these three unions and skips any other; the histories it
 * judges are milestone and standing-item streams, which hold only their union's events).
 */
export const MONITOR_EVENTS = ALERT_EVENTS.and(MILESTONE_EVENTS).and(STANDING_ITEM_EVENTS);

/** What a batch touches: the judged streams to load, the milestones and alert keys whose episodes to load. */
export function batchScope(reads: readonly (BatchEvent | null)[]): {
  streams: Set<string>;
  subjects: Set<string>;
  keys: Set<string>;
} {
  const streams = new Set<string>();
  const subjects = new Set<string>();
  const keys = new Set<string>();
  for (const r of reads) {
    if (r === null) continue;
    if (r.kind === 'alert') {
      const a = r.alert;
      keys.add(a.type === 'AlertRaised' ? a.data.key : a.data.alertId.replace(/:\d+$/, ''));
      if (a.type === 'AlertRaised') {
        subjects.add(a.data.milestone.milestoneId);
        streams.add(subjectStream(a.data.milestone));
      }
    } else {
      subjects.add(r.id);
      streams.add(r.e.streamId);
    }
  }
  return { streams, subjects, keys };
}

/**
 * The first day the batch judges each milestone as of (a milestone event's day, an alert raised's day): its
 * episodes are restated from then on at the earliest (`loadRestatements`).
 */
export function restatementFloors(reads: readonly (BatchEvent | null)[], tz: string): Map<string, IsoDate> {
  const floors = new Map<string, IsoDate>();
  const see = (id: string, day: IsoDate) => {
    const f = floors.get(id);
    if (f === undefined || day < f) floors.set(id, day);
  };
  for (const r of reads) {
    if (r?.kind === 'subject' && r.milestone) see(r.id, dayOfInstant(r.occurredAt, tz));
    else if (r?.kind === 'alert' && r.alert.type === 'AlertRaised' && !r.alert.data.milestone.standing)
      see(r.alert.data.milestone.milestoneId, r.alert.data.asOf);
  }
  return floors;
}

export function openEpisodes(latest: ReadonlyMap<string, AlertEpisode>): AlertEpisode[] {
  return [...latest.values()].filter((e) => e.resolvedOn === null);
}

/**
 * An event of a batch as the monitor reads it, decoded once: an alert event, or a milestone's or standing item's
 * (the judged stream's id, the milestone event if it is one, when it happened); null for any other event.
 */
export type BatchEvent =
  | { readonly kind: 'alert'; readonly e: RecordedEvent; readonly alert: TimedAlertEvent }
  | {
      readonly kind: 'subject';
      readonly e: RecordedEvent;
      readonly id: string;
      readonly milestone: MilestoneEvent | undefined;
      readonly occurredAt: string;
    };

export function readEvent(e: RecordedEvent): BatchEvent | null {
  const alert = toTimedAlertEvent(e);
  if (alert) return { kind: 'alert', e, alert };
  const milestone = toMilestoneEvent(e);
  const standing = milestone ? undefined : toStandingItemEvent(e);
  const id = milestone
    ? milestoneIdFromStreamId(e.streamId)
    : standing
      ? standingItemIdFromStreamId(e.streamId)
      : null;
  if (id === null) return null;
  const occurredAt = milestone?.occurredAt ?? standing!.occurredAt;
  return { kind: 'subject', e, id, milestone, occurredAt };
}

export function eventsByStream(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const out = new Map<string, RecordedEvent[]>();
  for (const e of events) {
    const list = out.get(e.streamId);
    if (list === undefined) out.set(e.streamId, [e]);
    else list.push(e);
  }
  return out;
}

function subjectStream(m: AlertMilestoneSnapshot): string {
  return m.standing ? standingStreamId(m.milestoneId) : milestoneStreamId(m.milestoneId);
}
