import type { MilestoneCommand, MilestoneCommandOf, MilestoneCommandType } from '../milestone.commands';
import { MilestoneError, MilestoneErrorCode } from '../milestone.errors';
import type { DecidedMilestoneEvent } from '../milestone.events';
import type { AssignmentState } from '../state/assignment';
import type { MilestoneState } from '../state/milestone-state';
import { cancelMilestone } from './cancel-milestone';
import { admit } from './admit';
import { resolveOccurredAt, type Moment } from './moment';
import { rebaselineDueDate } from './rebaseline-due-date';
import { reportDelay } from './report-delay';
import { reportProgress } from './report-progress';
import { reviseIndicatorTarget } from './revise-indicator-target';
import { submitCompletion } from './submit-completion';
import { scope, type CommandTarget } from './target';
import { acceptCompletion, returnCompletion } from './verify-completion';

/** The one assignment a command must name (reports, claims and their verification never apply to all). */
function single(target: CommandTarget, type: MilestoneCommandType, state: MilestoneState) {
  if (!target.whole) return target;
  // resolveTarget only answers `whole` for milestone-wide commands.
  throw new MilestoneError(MilestoneErrorCode.ASSIGNMENT_REQUIRED, {
    field: 'assignment',
    details: { known: state.assignments.map((a) => a.key).join(', '), command: type },
  });
}

/**
 * A command's decider, given what it acts on (one assignment or, for a milestone-wide command, the whole), when it
 * happened and the milestone (a decider that needs less takes only the leading ones).
 */
type Decider<T extends MilestoneCommandType> = (
  command: MilestoneCommandOf<T>,
  target: CommandTarget,
  at: Moment,
  state: MilestoneState,
) => DecidedMilestoneEvent;

/** The decider of a command for one assignment: given that assignment and the `scope` its event carries. */
function forOne<T extends MilestoneCommandType>(
  decider: (
    command: MilestoneCommandOf<T>,
    assignment: AssignmentState,
    scoped: { assignment?: string },
    at: Moment,
    state: MilestoneState,
  ) => DecidedMilestoneEvent,
): Decider<T> {
  return (command, target, at, state) => {
    const t = single(target, command.type, state);
    return decider(command, t.assignment, scope(t), at, state);
  };
}

/** Each command's decider (the table's type wants one per command). */
const DECIDERS: { readonly [T in MilestoneCommandType]: Decider<T> } = {
  ReportProgress: forOne(reportProgress),
  ReportDelay: forOne(reportDelay),
  SubmitCompletion: forOne(submitCompletion),
  AcceptCompletion: forOne(acceptCompletion),
  ReturnCompletion: forOne(returnCompletion),
  RebaselineDueDate: rebaselineDueDate,
  ReviseIndicatorTarget: reviseIndicatorTarget,
  CancelMilestone: cancelMilestone,
};

function decideBy<T extends MilestoneCommandType>(
  command: MilestoneCommandOf<T>,
  target: CommandTarget,
  at: Moment,
  state: MilestoneState,
): DecidedMilestoneEvent {
  const decider: Decider<T> = DECIDERS[command.type];
  return decider(command, target, at, state);
}

/**
 * Decide what a command means for a milestone at `now`. Checks, in order: admission (`admit`: the milestone
 * exists, the actor may act on it and on the assignment it is for, its lifecycle takes the command); the data is
 * an object; `occurredAt`; then the data. Throws `MilestoneError`; writes nothing.
 */
export function decide(command: MilestoneCommand, state: MilestoneState, now: Date): DecidedMilestoneEvent[] {
  const target = admit(command, state);
  if (typeof command.data !== 'object' || command.data === null) {
    throw new MilestoneError(MilestoneErrorCode.FIELD_INVALID, {
      field: 'data',
      details: { expected: 'an object', expectedZh: '对象' },
    });
  }
  const at = resolveOccurredAt(command.occurredAt, state, now);
  return [decideBy(command, target, at, state)];
}
