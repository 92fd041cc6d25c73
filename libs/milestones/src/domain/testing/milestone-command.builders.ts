// Builders of milestone commands for tests: sensible defaults, the data and the actor overridable.
import type { AcceptCompletionData } from '../commands/accept-completion.command';
import type { CancelMilestoneData } from '../commands/cancel-milestone.command';
import type { RebaselineDueDateData } from '../commands/rebaseline-due-date.command';
import type { ReportDelayData } from '../commands/report-delay.command';
import type { ReportProgressData } from '../commands/report-progress.command';
import type { ReturnCompletionData } from '../commands/return-completion.command';
import type { ReviseIndicatorTargetData } from '../commands/revise-indicator-target.command';
import type { SubmitCompletionData } from '../commands/submit-completion.command';
import type {
  MilestoneActor,
  MilestoneCommandDataByType,
  MilestoneCommandOf,
  MilestoneCommandType,
} from '../milestone.commands';
import { TEST_METRIC, TEST_SHA256, testActors } from './milestone.fixtures';

/** Command fields besides data. */
interface CommandOverrides {
  readonly actor?: MilestoneActor;
  readonly occurredAt?: string;
}

function command<T extends MilestoneCommandType>(
  type: T,
  data: MilestoneCommandDataByType[T],
  defaultActor: MilestoneActor,
  overrides: CommandOverrides,
): MilestoneCommandOf<T> {
  return {
    type,
    data,
    actor: overrides.actor ?? defaultActor,
    ...(overrides.occurredAt ? { occurredAt: overrides.occurredAt } : {}),
  };
}

export function aReportProgress(
  data: Partial<ReportProgressData> = {},
  overrides: CommandOverrides = {},
): MilestoneCommandOf<'ReportProgress'> {
  return command(
    'ReportProgress',
    { percent: 60, narrative: '路网主体工程完成六成。', ...data },
    testActors.leadReporter,
    overrides,
  );
}

export function aReportDelay(
  data: Partial<ReportDelayData> = {},
  overrides: CommandOverrides = {},
): MilestoneCommandOf<'ReportDelay'> {
  return command(
    'ReportDelay',
    { reason: '征地拆迁进度滞后', forecastDate: '2022-03-31', ...data },
    testActors.leadReporter,
    overrides,
  );
}

export function aSubmitCompletion(
  data: Partial<SubmitCompletionData> = {},
  overrides: CommandOverrides = {},
): MilestoneCommandOf<'SubmitCompletion'> {
  return command(
    'SubmitCompletion',
    {
      completedOn: '2021-06-14',
      narrative: '枢纽新城路网已建成通车。',
      evidence: [{ name: '竣工验收报告.pdf', sha256: TEST_SHA256 }],
      ...data,
    },
    testActors.leadReporter,
    overrides,
  );
}

export function anAcceptCompletion(
  data: Partial<AcceptCompletionData> = {},
  overrides: CommandOverrides = {},
): MilestoneCommandOf<'AcceptCompletion'> {
  return command('AcceptCompletion', { ...data }, testActors.supervisor, overrides);
}

export function aReturnCompletion(
  data: Partial<ReturnCompletionData> = {},
  overrides: CommandOverrides = {},
): MilestoneCommandOf<'ReturnCompletion'> {
  return command('ReturnCompletion', { reason: '佐证材料不全', ...data }, testActors.supervisor, overrides);
}

export function aRebaselineDueDate(
  data: Partial<RebaselineDueDateData> = {},
  overrides: CommandOverrides = {},
): MilestoneCommandOf<'RebaselineDueDate'> {
  return command(
    'RebaselineDueDate',
    { newDueDate: '2022-06-30', reason: '经市政府同意调整', ...data },
    testActors.supervisor,
    overrides,
  );
}

export function aReviseIndicatorTarget(
  data: Partial<ReviseIndicatorTargetData> = {},
  overrides: CommandOverrides = {},
): MilestoneCommandOf<'ReviseIndicatorTarget'> {
  return command(
    'ReviseIndicatorTarget',
    { metric: TEST_METRIC, newTarget: 40, reason: '受疫情影响调整目标', ...data },
    testActors.supervisor,
    overrides,
  );
}

export function aCancelMilestone(
  data: Partial<CancelMilestoneData> = {},
  overrides: CommandOverrides = {},
): MilestoneCommandOf<'CancelMilestone'> {
  return command(
    'CancelMilestone',
    { reason: '项目已并入其他任务', ...data },
    testActors.supervisor,
    overrides,
  );
}
