import type { RecordedEvent } from '@app/event-store';
import { type EventActor, type MilestoneEvent } from '../domain';
import { MILESTONE_EVENTS } from '../domain/milestone-events.codec';

/** Who recorded a stored event, as the fold needs it (role and unit). */
function actorOf(e: RecordedEvent): EventActor | undefined {
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
export function toMilestoneEvent(e: RecordedEvent): MilestoneEvent | undefined {
  const payload = MILESTONE_EVENTS.payload(e);
  if (payload === undefined) return undefined;
  const { type, data } = payload;
  const recordedAt = e.recordedAt.toISOString();
  const stated = e.metadata.occurredAt;
  const occurredAt = typeof stated === 'string' && Number.isFinite(Date.parse(stated)) ? stated : recordedAt;
  const backdated = e.metadata.backdated === true;
  const actor = actorOf(e);
  // Literals, not a spread of the payload: this runs for every event of a replay. `type` and `data` come from one
  // decoded payload, so they match (the literal loses that link for the compiler, hence the cast).
  const event =
    actor === undefined
      ? { type, data, occurredAt, recordedAt, backdated }
      : { type, data, occurredAt, recordedAt, backdated, actor };
  return event as MilestoneEvent;
}

export function toMilestoneEvents(events: readonly RecordedEvent[]): MilestoneEvent[] {
  return events.map(toMilestoneEvent).filter((e): e is MilestoneEvent => e !== undefined);
}
