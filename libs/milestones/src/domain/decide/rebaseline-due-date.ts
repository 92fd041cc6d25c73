import type { RebaselineDueDate } from '../milestone.commands';
import { MilestoneError, MilestoneErrorCode } from '../milestone.errors';
import type { DecidedMilestoneEvent } from '../milestone.events';
import { REASON, requiredText } from '../milestone.validation';
import { isOpenAssignment } from '../state/assignment';
import type { MilestoneState } from '../state/milestone-state';
import { dateInPeriod, type Moment } from './moment';
import { scope, type CommandTarget } from './target';

/** 调整完成时限: of one assignment, or of every open assignment of the milestone. */
export function rebaselineDueDate(
  c: RebaselineDueDate,
  target: CommandTarget,
  at: Moment,
  state: MilestoneState,
): DecidedMilestoneEvent {
  const open = target.whole ? state.assignments.filter(isOpenAssignment) : [target.assignment];
  const current = target.whole ? state.dueDate : target.assignment.dueDate;
  const newDueDate = dateInPeriod(c.data.newDueDate, 'newDueDate', state);
  if (open.every((a) => a.dueDate === newDueDate)) {
    throw new MilestoneError(MilestoneErrorCode.DUE_DATE_UNCHANGED, {
      field: 'newDueDate',
      details: { dueDate: current },
    });
  }
  const reason = requiredText(c.data.reason, 'reason', REASON);
  return {
    type: 'DueDateRebaselined',
    data: { ...scope(target), newDueDate, previousDueDate: current, reason },
    occurredAt: at.iso,
    backdated: at.backdated,
  };
}
