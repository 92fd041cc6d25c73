import type { RecordedEvent } from '@app/event-store';
import { STANDING_ITEM_EVENTS, type StandingItemEvent } from './standing-item.events';

/**
 * A stored standing-item event as `evolveStandingItem` reads it (its payload decoded by `STANDING_ITEM_EVENTS`),
 * or undefined for a foreign type. An `occurredAt` missing from the metadata falls back to the recording instant.
 */
export function toStandingItemEvent(e: RecordedEvent): StandingItemEvent | undefined {
  const payload = STANDING_ITEM_EVENTS.payload(e);
  if (payload === undefined) return undefined;
  const recordedAt = e.recordedAt.toISOString();
  const stated = e.metadata.occurredAt;
  return {
    ...payload,
    occurredAt: typeof stated === 'string' && Number.isFinite(Date.parse(stated)) ? stated : recordedAt,
    recordedAt,
    backdated: e.metadata.backdated === true,
  };
}
