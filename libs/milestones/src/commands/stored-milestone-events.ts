import type { StoredEvent } from '@app/event-store';
import { isMilestoneEventType, type EventActor, type MilestoneEvent } from '../domain';

/** Who recorded a stored event, as the fold needs it (role and unit). */
function actorOf(e: StoredEvent): EventActor | undefined {
  const a = e.metadata.actor;
  if (a === undefined || (a.role === undefined && a.unit === undefined)) return undefined;
  return {
    ...(a.role !== undefined ? { role: a.role } : {}),
    ...(a.unit !== undefined ? { unit: a.unit } : {}),
  };
}

/**
 * The one decoder of stored milestone events: a stored event as the domain's `evolve` reads it (both time axes,
 * the recorder), or undefined for a foreign type. An `occurredAt` missing from the metadata falls back to the
 * recording instant. Older events need no rewriting: `evolve` reads what they lack (see `leadModeOf`,
 * `targetAssignments`).
 */
export function toMilestoneEvent(e: StoredEvent): MilestoneEvent | undefined {
  if (!isMilestoneEventType(e.type)) return undefined;
  const recordedAt = e.recordedAt.toISOString();
  const stated = e.metadata.occurredAt;
  const actor = actorOf(e);
  return {
    type: e.type,
    data: e.data,
    occurredAt: typeof stated === 'string' && Number.isFinite(Date.parse(stated)) ? stated : recordedAt,
    recordedAt,
    backdated: e.metadata.backdated === true,
    ...(actor !== undefined ? { actor } : {}),
  } as MilestoneEvent;
}

export function toMilestoneEvents(events: readonly StoredEvent[]): MilestoneEvent[] {
  return events.map(toMilestoneEvent).filter((e): e is MilestoneEvent => e !== undefined);
}
