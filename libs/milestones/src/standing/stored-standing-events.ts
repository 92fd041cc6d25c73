import type { StoredEvent } from '@app/event-store';
import { isStandingItemEventType, type StandingItemEvent } from './standing-item.events';

/**
 * The one decoder of stored standing-item events (as `toMilestoneEvent` is for milestones): a stored event as
 * `evolveStandingItem` reads it, or undefined for a foreign type. An `occurredAt` missing from the metadata falls
 * back to the recording instant.
 */
export function toStandingItemEvent(e: StoredEvent): StandingItemEvent | undefined {
  if (!isStandingItemEventType(e.type)) return undefined;
  const recordedAt = e.recordedAt.toISOString();
  const stated = e.metadata.occurredAt;
  return {
    type: e.type,
    data: e.data,
    occurredAt: typeof stated === 'string' && Number.isFinite(Date.parse(stated)) ? stated : recordedAt,
    recordedAt,
    backdated: e.metadata.backdated === true,
  } as StandingItemEvent;
}
