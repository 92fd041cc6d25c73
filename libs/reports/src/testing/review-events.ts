import type { Actor } from '@app/event-store';
import type { MilestoneEvent } from '@app/milestones';
import type { ReviewEvent } from '../retrospective/review-event';

/** A domain event (from the milestone builders) with who reported it; `recordedAt` defaults to `occurredAt`. */
export type TestReviewEvent = MilestoneEvent & { readonly actor?: Actor };

export function withActor<E extends MilestoneEvent>(event: E, actor: Actor): E & { readonly actor: Actor } {
  return { ...event, actor };
}

/** Stored-event envelopes for a stream of domain events: positions from `firstPosition`, both time axes. */
export function reviewEvents(events: readonly TestReviewEvent[], firstPosition = 1): ReviewEvent[] {
  return events.map((e, i) => ({
    position: firstPosition + i,
    event: e,
    occurredMs: Date.parse(e.occurredAt),
    recordedMs: Date.parse(e.recordedAt ?? e.occurredAt),
    actor: e.actor ?? null,
  }));
}
