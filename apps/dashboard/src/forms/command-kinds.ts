/** The milestone commands the dashboard sends (no imports: the form logic and its specs use it). */

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
export const KIND_OF_COMMAND: Readonly<Record<string, CommandKind>> = {
  ReportProgress: 'progress',
  ReportDelay: 'delays',
  SubmitCompletion: 'completion',
  AcceptCompletion: 'acceptance',
  ReturnCompletion: 'return',
  RebaselineDueDate: 'rebaseline',
  ReviseIndicatorTarget: 'indicator-target',
  CancelMilestone: 'cancellation',
};
