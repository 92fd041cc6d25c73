import type { MilestoneEvent } from '../milestone.events';
import { evolve, isPlanEvent } from './evolve-milestone';
import type { MilestoneState } from './milestone-state';
import { targetAssignments } from './routing';

/**
 * Applies one event with `evolve` and says which assignments (承办事项, by key in plan order) it concerned at that
 * point: a plan event every one (after it), any other those `targetAssignments` gives it on the state before it.
 */
export function routeEvent(
  before: MilestoneState,
  event: MilestoneEvent,
): { readonly state: MilestoneState; readonly assignments: readonly string[] } {
  const state = evolve(before, event);
  const concerned = isPlanEvent(event) ? state.assignments : targetAssignments(before.assignments, event);
  return { state, assignments: concerned.map((a) => a.key) };
}
