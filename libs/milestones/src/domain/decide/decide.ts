import { assertUnreachable } from '@app/platform';
import type { MilestoneCommand } from '../milestone.commands';
import { MilestoneError, MilestoneErrorCode } from '../milestone.errors';
import type { DecidedMilestoneEvent } from '../milestone.events';
import type { MilestoneState } from '../state/milestone-state';
import { cancelMilestone } from './cancel-milestone';
import { admit } from './admit';
import { resolveOccurredAt } from './moment';
import { rebaselineDueDate } from './rebaseline-due-date';
import { reportDelay } from './report-delay';
import { reportProgress } from './report-progress';
import { reviseIndicatorTarget } from './revise-indicator-target';
import { submitCompletion } from './submit-completion';
import { scope, type CommandTarget } from './target';
import { acceptCompletion, returnCompletion } from './verify-completion';

/** The one assignment a command must name (reports, claims and their verification never apply to all). */
function single(target: CommandTarget, command: MilestoneCommand, state: MilestoneState) {
  if (!target.whole) return target;
  // resolveTarget only answers `whole` for milestone-wide commands.
  throw new MilestoneError(MilestoneErrorCode.ASSIGNMENT_REQUIRED, {
    field: 'assignment',
    details: { known: state.assignments.map((a) => a.key).join(', '), command: command.type },
  });
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
  switch (command.type) {
    case 'ReportProgress': {
      const t = single(target, command, state);
      return [reportProgress(command, t.assignment, scope(t), at)];
    }
    case 'ReportDelay': {
      const t = single(target, command, state);
      return [reportDelay(command, t.assignment, scope(t), at)];
    }
    case 'SubmitCompletion': {
      const t = single(target, command, state);
      return [submitCompletion(command, t.assignment, scope(t), state, at)];
    }
    case 'AcceptCompletion': {
      const t = single(target, command, state);
      return [acceptCompletion(command, t.assignment, scope(t), at)];
    }
    case 'ReturnCompletion': {
      const t = single(target, command, state);
      return [returnCompletion(command, t.assignment, scope(t), at)];
    }
    case 'RebaselineDueDate':
      return [rebaselineDueDate(command, target, state, at)];
    case 'ReviseIndicatorTarget':
      return [reviseIndicatorTarget(command, target, state, at)];
    case 'CancelMilestone':
      return [cancelMilestone(command, target, state, at)];
    default:
      return assertUnreachable(command, 'milestone command');
  }
}
