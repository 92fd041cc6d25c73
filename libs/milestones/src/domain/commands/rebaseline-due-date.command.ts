import type { IsoDate } from '@app/platform';
import { shape } from '@app/event-store';
import type { AssignmentScopedData } from '../milestone.commands';
import { MilestoneError, MilestoneErrorCode } from '../milestone.errors';
import type { AssignmentScoped } from '../milestone.events';
import { REASON, requiredText } from '../milestone.validation';
import { scope } from '../decide/command-target';
import { dueDateInPlan } from '../decide/moment';
import { isOpenAssignment } from '../state/assignment';
import { defineCommand, SCOPED } from './command-module';

/** 调整完成时限: a new due date for one assignment, or for every open assignment of the milestone. */
export interface RebaselineDueDateData extends AssignmentScopedData {
  /** YYYY-MM-DD, different from the current due date. */
  readonly newDueDate: string;
  readonly reason: string;
}

export interface DueDateRebaselinedData extends AssignmentScoped {
  readonly newDueDate: IsoDate;
  readonly previousDueDate: IsoDate;
  readonly reason: string;
}

export const rebaselineDueDate = defineCommand<
  'RebaselineDueDate',
  RebaselineDueDateData,
  'DueDateRebaselined',
  DueDateRebaselinedData
>({
  type: 'RebaselineDueDate',
  policy: { supervisor: true, reporter: 'never', lifecycle: 'not_accepted', wide: true },
  decide: (c, target, at, state) => {
    const open = target.whole ? state.assignments.filter(isOpenAssignment) : [target.assignment];
    const current = target.whole ? state.dueDate : target.assignment.dueDate;
    const newDueDate = dueDateInPlan(c.data.newDueDate, 'newDueDate', state, at);
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
  },
  event: {
    type: 'DueDateRebaselined',
    labelZh: '调整完成时限',
    routing: 'open',
    decode: shape<DueDateRebaselinedData>({
      ...SCOPED,
      newDueDate: 'string',
      previousDueDate: 'string',
      reason: 'string',
    }),
    evolve: (a, event) => ({
      ...a,
      dueDate: event.data.newDueDate,
      rebaselines: a.rebaselines + 1,
      lastRebaselineReason: event.data.reason,
    }),
  },
});
