import type { StoredEvent } from '@app/event-store';
import { type EventActor, type MilestoneEvent } from '../domain';
import { MILESTONE_EVENTS } from '../domain/milestone-events.codec';

/** Who recorded a stored event, as the fold needs it (role and unit). */
function actorOf(e: StoredEvent): EventActor | undefined {
  const a = e.metadata.actor;
  if (a === undefined) return undefined;
  const { role, unit } = a;
  // Literals, not conditional spreads: this runs for every event of a replay.
  if (role === undefined) return unit === undefined ? undefined : { unit };
  return unit === undefined ? { role } : { role, unit };
}

/**
 * A stored event as the domain's `evolve` reads it (its payload decoded and upcast by `MILESTONE_EVENTS`, both
 * time axes, the recorder), or undefined for a foreign type. An `occurredAt` missing from the metadata falls back
 * to the recording instant.
 */
export function toMilestoneEvent(e: StoredEvent): MilestoneEvent | undefined {
  const payload = MILESTONE_EVENTS.payload(e);
  if (payload === undefined) return undefined;
  const recordedAt = e.recordedAt.toISOString();
  const stated = e.metadata.occurredAt;
  const actor = actorOf(e);
  return {
    ...payload,
    occurredAt: typeof stated === 'string' && Number.isFinite(Date.parse(stated)) ? stated : recordedAt,
    recordedAt,
    backdated: e.metadata.backdated === true,
    ...(actor !== undefined ? { actor } : {}),
  };
}

export function toMilestoneEvents(events: readonly StoredEvent[]): MilestoneEvent[] {
  return events.map(toMilestoneEvent).filter((e): e is MilestoneEvent => e !== undefined);
}
