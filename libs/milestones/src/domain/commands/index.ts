import type { MilestoneCommandName } from '../../labels/command.labels';
import { acceptCompletion } from './accept-completion.command';
import { cancelMilestone } from './cancel-milestone.command';
import { rebaselineDueDate } from './rebaseline-due-date.command';
import { reportDelay } from './report-delay.command';
import { reportProgress } from './report-progress.command';
import { returnCompletion } from './return-completion.command';
import { reviseIndicatorTarget } from './revise-indicator-target.command';
import { submitCompletion } from './submit-completion.command';

/**
 * The milestone commands, one module each (`<command>.command.ts`: its data, policy, decider and the event it records,
 * with that event's label, routing, decoder and effect), in the order of `MILESTONE_COMMAND_TYPES`. The one list the
 * tables of commands and of their events derive from (`tables.ts`): a command type without its module here, or a
 * module under another type's key, does not compile.
 */
export const MILESTONE_COMMAND_MODULES = {
  ReportProgress: reportProgress,
  ReportDelay: reportDelay,
  SubmitCompletion: submitCompletion,
  AcceptCompletion: acceptCompletion,
  ReturnCompletion: returnCompletion,
  RebaselineDueDate: rebaselineDueDate,
  ReviseIndicatorTarget: reviseIndicatorTarget,
  CancelMilestone: cancelMilestone,
} as const satisfies { readonly [T in MilestoneCommandName]: { readonly type: T } };
