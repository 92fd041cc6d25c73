/** The milestone commands by type, and what people call them (no imports: the browser bundles it). */

export const MILESTONE_COMMAND_TYPES = [
  'ReportProgress',
  'ReportDelay',
  'SubmitCompletion',
  'AcceptCompletion',
  'ReturnCompletion',
  'RebaselineDueDate',
  'ReviseIndicatorTarget',
  'CancelMilestone',
] as const;
export type MilestoneCommandName = (typeof MILESTONE_COMMAND_TYPES)[number];

export interface CommandLabels {
  /** An English phrase for messages (`not allowed to <en>`). */
  readonly en: string;
  /** The zh-CN name (messages, the command form's title). */
  readonly zh: string;
  /** The short name on a button. */
  readonly buttonZh: string;
  /** The last segment of its URL (`POST /api/v1/milestones/{id}/<segment>`): the API's route and the dashboard's. */
  readonly segment: string;
}

export const MILESTONE_COMMAND_LABELS = {
  ReportProgress: { en: 'report progress', zh: '报告进展', buttonZh: '填报进展', segment: 'progress' },
  ReportDelay: { en: 'report a delay', zh: '报告延期', buttonZh: '报告延期', segment: 'delays' },
  SubmitCompletion: { en: 'submit completion', zh: '提交完成', buttonZh: '提交完成', segment: 'completion' },
  AcceptCompletion: {
    en: 'accept a completion',
    zh: '核验销号',
    buttonZh: '核验销号',
    segment: 'acceptance',
  },
  ReturnCompletion: { en: 'return a completion', zh: '退回', buttonZh: '退回', segment: 'return' },
  RebaselineDueDate: {
    en: 're-baseline the due date',
    zh: '调整完成时限',
    buttonZh: '调整时限',
    segment: 'rebaseline',
  },
  ReviseIndicatorTarget: {
    en: 'revise an indicator target',
    zh: '调整指标目标',
    buttonZh: '调整指标目标',
    segment: 'indicator-target',
  },
  CancelMilestone: {
    en: 'cancel the milestone',
    zh: '取消里程碑',
    buttonZh: '取消',
    segment: 'cancellation',
  },
} as const satisfies { readonly [T in MilestoneCommandName]: CommandLabels };

/** A command by the last segment of its URL (`progress`, `delays`, …). */
export type CommandSegment = (typeof MILESTONE_COMMAND_LABELS)[MilestoneCommandName]['segment'];

/**
 * The most milestones one request for command choices names (`GET /api/v1/milestones:commands?ids=…`): the API
 * refuses more, the dashboard asks in chunks of it.
 */
export const MAX_CHOICES_BATCH = 200;
