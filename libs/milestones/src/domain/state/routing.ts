import { assertUnreachable } from '@app/platform';
import { MILESTONE_EVENT_ROUTING } from '../milestone.events';
import { assignmentLedBy, isOpenAssignment, type AssignmentState } from './assignment';
import type { AssignmentEvent } from './evolve-assignment';

/**
 * The assignments an event concerns: the one its data names; the only one; or, for an event that names none on a
 * milestone with several, those its type's `MILESTONE_EVENT_ROUTING` says (its reporter's own, else every open
 * one; every one awaiting verification; every open one). An unknown key concerns none (the fold never rejects
 * history). Generic over what it reads (key, lead units, lifecycle), so that the read models route with their own
 * per-assignment facts by this very rule.
 */
export function targetAssignments<A extends Pick<AssignmentState, 'key' | 'leadUnits' | 'lifecycle'>>(
  assignments: readonly A[],
  event: AssignmentEvent,
): readonly A[] {
  const named = event.data.assignment;
  if (named !== undefined) return assignments.filter((a) => a.key === named);
  if (assignments.length <= 1) return assignments;
  const routing = MILESTONE_EVENT_ROUTING[event.type];
  switch (routing) {
    case 'reporter': {
      const unit = event.actor?.unit;
      const own = unit === undefined ? undefined : assignmentLedBy(assignments, unit);
      return own !== undefined ? [own] : assignments.filter(isOpenAssignment);
    }
    case 'submitted':
      return assignments.filter((a) => a.lifecycle === 'submitted');
    case 'open':
      return assignments.filter(isOpenAssignment);
    default:
      return assertUnreachable(routing, 'event routing');
  }
}
