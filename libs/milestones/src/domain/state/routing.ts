import { assertUnreachable } from '@app/platform';
import { assignmentLedBy, isOpenAssignment, type AssignmentState } from './assignment';
import type { AssignmentEvent } from './evolve-assignment';

/**
 * The assignments an event concerns: the one its data names; the only one; or, for an event that names none on a
 * milestone with several (written before assignments existed, or a milestone-wide decision):
 * - a report or a completion claim: the assignment its reporter's unit leads, else every open one (the old shared
 *   status meant all of them);
 * - an acceptance or a return: every assignment awaiting verification (one shared claim covered them all);
 * - a re-baseline, a target revision or a cancellation: every open assignment (a decision on the whole milestone).
 * An unknown key concerns none (the fold never rejects history). Generic over what it reads (key, lead units,
 * lifecycle), so that the read models route with their own per-assignment facts by this very rule.
 */
export function targetAssignments<A extends Pick<AssignmentState, 'key' | 'leadUnits' | 'lifecycle'>>(
  assignments: readonly A[],
  event: AssignmentEvent,
): readonly A[] {
  const named = event.data.assignment;
  if (named !== undefined) return assignments.filter((a) => a.key === named);
  if (assignments.length <= 1) return assignments;
  switch (event.type) {
    case 'ProgressReported':
    case 'DelayReported':
    case 'CompletionSubmitted': {
      const unit = event.actor?.unit;
      const own = unit === undefined ? undefined : assignmentLedBy(assignments, unit);
      return own !== undefined ? [own] : assignments.filter(isOpenAssignment);
    }
    case 'CompletionAccepted':
    case 'CompletionReturned':
      return assignments.filter((a) => a.lifecycle === 'submitted');
    case 'DueDateRebaselined':
    case 'IndicatorTargetRevised':
    case 'MilestoneCancelled':
      return assignments.filter(isOpenAssignment);
    default:
      return assertUnreachable(event, 'assignment event');
  }
}
