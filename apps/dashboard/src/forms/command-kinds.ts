/** The milestone commands the dashboard sends (imports only the labels: the form logic and its specs use it). */
import { MILESTONE_COMMAND_LABELS, type MilestoneCommandName } from '@app/milestones/labels';

/** A milestone command by the last segment of its URL. */
export type CommandKind =
  | 'progress'
  | 'delays'
  | 'completion'
  | 'acceptance'
  | 'return'
  | 'rebaseline'
  | 'indicator-target'
  | 'cancellation';

/** The API's command type → its URL segment. */
export const KIND_OF_COMMAND: { readonly [T in MilestoneCommandName]: CommandKind } = {
  ReportProgress: 'progress',
  ReportDelay: 'delays',
  SubmitCompletion: 'completion',
  AcceptCompletion: 'acceptance',
  ReturnCompletion: 'return',
  RebaselineDueDate: 'rebaseline',
  ReviseIndicatorTarget: 'indicator-target',
  CancelMilestone: 'cancellation',
};

const COMMAND_OF_KIND = Object.fromEntries(
  Object.entries(KIND_OF_COMMAND).map(([type, kind]) => [kind, type]),
) as { readonly [K in CommandKind]: MilestoneCommandName };

/** What a command is called: its button (`buttonZh`) and its form's title (`zh`). */
export function commandLabels(kind: CommandKind): { readonly zh: string; readonly buttonZh: string } {
  return MILESTONE_COMMAND_LABELS[COMMAND_OF_KIND[kind]];
}
