import type { Actor, StoredEvent } from '@app/event-store';
import { isPlanEvent, toMilestoneEvent, type MilestoneEvent } from '@app/milestones';
import { PLAN_TIME_ZONE, type IsoDate } from '@app/platform';

/**
 * A stored milestone event as the review reads it: the domain event (decoded by `toMilestoneEvent`, the one
 * decoder), its position, both time axes in milliseconds, and the whole actor (token name and system included,
 * for quoting who said what).
 */
export interface ReviewEvent {
  readonly position: number;
  readonly event: MilestoneEvent;
  readonly occurredMs: number;
  readonly recordedMs: number;
  readonly actor: Actor | null;
}

/** The review's view of a stored event; undefined for a type that is not a milestone event. */
export function toReviewEvent(stored: StoredEvent): ReviewEvent | undefined {
  const event = toMilestoneEvent(stored);
  if (event === undefined) return undefined;
  return {
    position: stored.position,
    event,
    occurredMs: Date.parse(event.occurredAt),
    recordedMs: stored.recordedAt.getTime(),
    actor: stored.metadata.actor ?? null,
  };
}

/** Written by the plan import: the plan itself, which every view includes whenever it was recorded. */
export { isPlanEvent };

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: PLAN_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** The calendar day of an instant in the plan's zone (one formatter for all calls). */
export const dayOf = (instant: string): IsoDate => dayFormat.format(new Date(instant));
