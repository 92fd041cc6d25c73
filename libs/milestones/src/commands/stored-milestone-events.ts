import type { StoredEvent } from '@app/event-store';
import { isMilestoneEventType, type MilestoneEvent } from '../domain';

/** A stored event as the domain's `evolve` reads it (both time axes); undefined for foreign types. */
export function toMilestoneEvent(e: StoredEvent): MilestoneEvent | undefined {
  if (!isMilestoneEventType(e.type)) return undefined;
  return {
    type: e.type,
    data: e.data,
    occurredAt: e.metadata.occurredAt,
    recordedAt: e.recordedAt.toISOString(),
    backdated: e.metadata.backdated === true,
  } as MilestoneEvent;
}

export function toMilestoneEvents(events: readonly StoredEvent[]): MilestoneEvent[] {
  return events.map(toMilestoneEvent).filter((e): e is MilestoneEvent => e !== undefined);
}
