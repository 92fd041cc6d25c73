import { initialState, routeEvent, type MilestoneState } from '@app/milestones';
import { isPlanEvent, type ReviewEvent } from './review-event';

/** An event with the assignments (承办事项) it concerned when it happened. */
export interface RoutedEvent extends ReviewEvent {
  /** Assignment keys, in plan order; a plan event concerns every assignment. */
  readonly assignments: readonly string[];
}

/**
 * Applies a stream with the domain's own `evolve` (what `fold` does) and records, for each event, the assignments
 * the domain's routing rule (`routeEvent`) gave it at that point: an event without `assignment` on a
 * milestone with several goes to its reporter's own assignment, every open one, or every one awaiting
 * verification, exactly as in the fold. Returns the state after the stream too.
 */
export function routeEvents(events: readonly ReviewEvent[]): {
  readonly state: MilestoneState;
  readonly routed: readonly RoutedEvent[];
} {
  let state = initialState;
  const routed: RoutedEvent[] = [];
  for (const e of events) {
    const next = routeEvent(state, e.event);
    state = next.state;
    routed.push({ ...e, assignments: next.assignments });
  }
  return { state, routed };
}

/**
 * The events "about" the time up to `endDay` (ending at `endMs`): the plan, every report that happened before the
 * end, a completion claimed for a day up to `endDay` however late it was reported, and the verification
 * (acceptance or return) of such a claim whenever it came, assignment by assignment. A claim's verification
 * usually follows in January.
 */
export function aboutPeriodUpTo<E extends RoutedEvent>(
  events: readonly E[],
  endMs: number,
  endDay: string,
): E[] {
  const out: E[] = [];
  const claimIncluded = new Set<string>();
  for (const e of events) {
    const d = e.event;
    if (isPlanEvent(d)) {
      out.push(e);
      continue;
    }
    let include = e.occurredMs < endMs;
    if (d.type === 'CompletionSubmitted') {
      include ||= d.data.completedOn <= endDay;
      for (const key of e.assignments) {
        if (include) claimIncluded.add(key);
        else claimIncluded.delete(key);
      }
    } else if (d.type === 'CompletionAccepted' || d.type === 'CompletionReturned') {
      include ||= e.assignments.some((key) => claimIncluded.has(key));
    }
    if (include) out.push(e);
  }
  return out;
}
