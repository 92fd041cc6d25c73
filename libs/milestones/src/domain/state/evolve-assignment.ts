import type { IsoDate } from '@app/platform';
import { eachEvent } from '../commands/tables';
import type {
  AssignmentEventType,
  MilestoneEvent,
  MilestoneEventOf,
  PlanImportEvent,
} from '../milestone.events';
import type { AssignmentState } from './assignment';

/** The events that change an assignment (the plan's own events change the milestone: `evolve-milestone.ts`). */
export type AssignmentEvent = Exclude<MilestoneEvent, PlanImportEvent>;

type Evolver<E extends AssignmentEventType> = (
  a: AssignmentState,
  event: MilestoneEventOf<E>,
) => AssignmentState;

/** Each command event's effect on an assignment, from its command's module (the table's type wants one each). */
const EVOLVERS: { readonly [E in AssignmentEventType]: Evolver<E> } = eachEvent('evolve');

function evolveBy<E extends AssignmentEventType>(
  a: AssignmentState,
  event: MilestoneEventOf<E>,
): AssignmentState {
  const evolver: Evolver<E> = EVOLVERS[event.type];
  return evolver(a, event);
}

/** Applies an event to one assignment it concerns (see `targetAssignments`). Total: history is never rejected. */
export function evolveAssignment(a: AssignmentState, event: AssignmentEvent): AssignmentState {
  return evolveBy(a, event);
}

/** A plan withdrawal ends the assignment; it remembers the lifecycle it ended. */
export function withdrawAssignment(a: AssignmentState, reason: string, on: IsoDate): AssignmentState {
  return {
    ...a,
    lifecycle: 'withdrawn',
    lifecycleBeforeWithdrawal: a.lifecycle === 'withdrawn' ? a.lifecycleBeforeWithdrawal : a.lifecycle,
    closedReason: reason,
    closedOn: on,
  };
}

/** Back in a revised plan: a withdrawn assignment is reinstated as it was (a cancelled one stays cancelled). */
export function reinstateAssignment(a: AssignmentState): AssignmentState {
  if (a.lifecycle !== 'withdrawn') return a;
  const back = a.lifecycleBeforeWithdrawal ?? 'planned';
  return back === 'cancelled'
    ? { ...a, lifecycle: back, lifecycleBeforeWithdrawal: null }
    : { ...a, lifecycle: back, lifecycleBeforeWithdrawal: null, closedReason: null, closedOn: null };
}
