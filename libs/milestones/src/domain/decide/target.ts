import { MILESTONE_COMMAND_POLICY } from '../milestone.commands';
import type { CommandProbe } from './admit';
import { MilestoneError, MilestoneErrorCode } from '../milestone.errors';
import { assignmentLedBy, isOpenAssignment, type AssignmentState } from '../state/assignment';
import type { MilestoneState } from '../state/milestone-state';
import type { CommandTarget } from './command-target';

export { scope, type CommandTarget } from './command-target';

const knownKeys = (state: MilestoneState): string => state.assignments.map((a) => a.key).join(', ');

function of(state: MilestoneState, assignment: AssignmentState): CommandTarget {
  return { whole: false, assignment, key: state.assignments.length > 1 ? assignment.key : undefined };
}

/**
 * The assignment a command is for: the one it names; the milestone's only one; the one the reporter's unit leads;
 * for a 销号 or return, the only one awaiting verification; for a milestone-wide command, the whole milestone.
 */
export function resolveTarget(command: CommandProbe, state: MilestoneState): CommandTarget {
  const data: unknown = command.data;
  const named: unknown =
    typeof data === 'object' && data !== null ? (data as { assignment?: unknown }).assignment : undefined;
  if (named !== undefined && named !== null) {
    const found = typeof named === 'string' ? state.assignments.find((a) => a.key === named) : undefined;
    if (found === undefined) {
      throw new MilestoneError(MilestoneErrorCode.ASSIGNMENT_UNKNOWN, {
        field: 'assignment',
        details: {
          assignment: typeof named === 'string' ? named : JSON.stringify(named),
          known: knownKeys(state),
        },
      });
    }
    return of(state, found);
  }
  if (state.assignments.length === 1) return of(state, state.assignments[0]!);
  const policy = MILESTONE_COMMAND_POLICY[command.type];
  if (policy.wide) return { whole: true };
  const unit = command.actor.role === 'reporter' ? command.actor.unit : undefined;
  const own = unit === undefined ? undefined : assignmentLedBy(state.assignments, unit);
  if (own !== undefined) return of(state, own);
  if (policy.lifecycle === 'awaiting_verification') {
    const waiting = state.assignments.filter((a) => a.lifecycle === 'submitted');
    if (waiting.length === 1) return of(state, waiting[0]!);
  }
  const open = state.assignments.filter(isOpenAssignment);
  throw new MilestoneError(MilestoneErrorCode.ASSIGNMENT_REQUIRED, {
    field: 'assignment',
    details: { known: (open.length > 0 ? open : state.assignments).map((a) => a.key).join(', ') },
  });
}
