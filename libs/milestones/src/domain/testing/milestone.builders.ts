/**
 * Builders for tests: sensible defaults (a 2021 milestone of task 5, due 2021-12-31, led by `u-transport`,
 * with one indicator; facts dated before 2021-06-15), every field overridable. Pure. The event builders are here;
 * the test data is in `milestone.fixtures.ts`, the command builders in `milestone-command.builders.ts`;
 * `@app/milestones/testing` (src/testing/index.ts) exports all three.
 */
import type { CompletionAcceptedData } from '../commands/accept-completion.command';
import type { MilestoneCancelledData } from '../commands/cancel-milestone.command';
import type { DueDateRebaselinedData } from '../commands/rebaseline-due-date.command';
import type { DelayReportedData } from '../commands/report-delay.command';
import type { ProgressReportedData } from '../commands/report-progress.command';
import type { CompletionReturnedData } from '../commands/return-completion.command';
import type { IndicatorTargetRevisedData } from '../commands/revise-indicator-target.command';
import type { CompletionSubmittedData } from '../commands/submit-completion.command';
import type {
  MilestoneEventDataByType,
  MilestoneEventOf,
  MilestoneEventType,
  MilestonePlannedData,
  MilestoneRevisedData,
  MilestoneWithdrawnData,
} from '../milestone.events';
import {
  TEST_COOPERATING_UNIT,
  TEST_LEAD_UNIT,
  TEST_METRIC,
  TEST_MILESTONE_ID,
  TEST_SHA256,
} from './milestone.fixtures';

/** Envelope fields of an event (both time axes). */
interface EventEnvelopeOverrides {
  readonly occurredAt?: string;
  readonly recordedAt?: string;
  readonly backdated?: boolean;
}

function event<T extends MilestoneEventType>(
  type: T,
  data: MilestoneEventDataByType[T],
  defaultOccurredAt: string,
  envelope: EventEnvelopeOverrides,
): MilestoneEventOf<T> {
  return { type, data, occurredAt: defaultOccurredAt, ...envelope };
}

export function aMilestonePlanned(
  data: Partial<MilestonePlannedData> = {},
  envelope: EventEnvelopeOverrides = {},
): MilestoneEventOf<'MilestonePlanned'> {
  return event(
    'MilestonePlanned',
    {
      milestoneId: TEST_MILESTONE_ID,
      planKey: 'sanqu-2020',
      taskNo: 5,
      section: 1,
      taskTitle: '推进珠西枢纽新城建设',
      period: { from: 2021, to: 2021 },
      dueDate: '2021-12-31',
      text: '2021年，推进珠西枢纽新城建设，引进至少50个投资超亿元的产业项目。',
      indicators: [
        {
          metric: TEST_METRIC,
          comparator: '>=',
          target: 50,
          unit: '个',
          source: '引进至少50个投资超亿元的产业项目',
        },
      ],
      leadUnits: [TEST_LEAD_UNIT],
      cooperatingUnits: [TEST_COOPERATING_UNIT],
      zones: ['core'],
      districts: ['pengjiang'],
      ...data,
    },
    '2020-12-01T00:00:00.000Z',
    envelope,
  );
}

export function aMilestoneRevised(
  data: Partial<MilestoneRevisedData> = {},
  envelope: EventEnvelopeOverrides = {},
): MilestoneEventOf<'MilestoneRevised'> {
  return event(
    'MilestoneRevised',
    {
      text: '2021年上半年，推进珠西枢纽新城建设，引进至少60个投资超亿元的产业项目。',
      dueDate: '2021-06-30',
      indicators: [
        {
          metric: TEST_METRIC,
          comparator: '>=',
          target: 60,
          unit: '个',
          source: '引进至少60个投资超亿元的产业项目',
        },
      ],
      previousText: '2021年，推进珠西枢纽新城建设，引进至少50个投资超亿元的产业项目。',
      ...data,
    },
    '2021-01-15T00:00:00.000Z',
    envelope,
  );
}

export function aMilestoneWithdrawn(
  data: Partial<MilestoneWithdrawnData> = {},
  envelope: EventEnvelopeOverrides = {},
): MilestoneEventOf<'MilestoneWithdrawn'> {
  return event(
    'MilestoneWithdrawn',
    { reason: '计划重新导入后不再包含该工作节点', ...data },
    '2021-01-15T00:00:00.000Z',
    envelope,
  );
}

export function aProgressReported(
  data: Partial<ProgressReportedData> = {},
  envelope: EventEnvelopeOverrides = {},
): MilestoneEventOf<'ProgressReported'> {
  return event(
    'ProgressReported',
    { percent: 40, narrative: '已完成枢纽新城路网方案设计。', ...data },
    '2021-04-01T02:00:00.000Z',
    envelope,
  );
}

export function aDelayReported(
  data: Partial<DelayReportedData> = {},
  envelope: EventEnvelopeOverrides = {},
): MilestoneEventOf<'DelayReported'> {
  return event(
    'DelayReported',
    { reason: '征地拆迁进度滞后', forecastDate: '2022-03-31', ...data },
    '2021-05-01T02:00:00.000Z',
    envelope,
  );
}

export function aCompletionSubmitted(
  data: Partial<CompletionSubmittedData> = {},
  envelope: EventEnvelopeOverrides = {},
): MilestoneEventOf<'CompletionSubmitted'> {
  return event(
    'CompletionSubmitted',
    {
      completedOn: '2021-06-09',
      narrative: '枢纽新城路网已建成通车。',
      evidence: [{ name: '竣工验收报告.pdf', sha256: TEST_SHA256 }],
      ...data,
    },
    '2021-06-10T02:00:00.000Z',
    envelope,
  );
}

export function aCompletionAccepted(
  data: Partial<CompletionAcceptedData> = {},
  envelope: EventEnvelopeOverrides = {},
): MilestoneEventOf<'CompletionAccepted'> {
  return event('CompletionAccepted', { ...data }, '2021-06-12T02:00:00.000Z', envelope);
}

export function aCompletionReturned(
  data: Partial<CompletionReturnedData> = {},
  envelope: EventEnvelopeOverrides = {},
): MilestoneEventOf<'CompletionReturned'> {
  return event(
    'CompletionReturned',
    { reason: '佐证材料不全', ...data },
    '2021-06-12T02:00:00.000Z',
    envelope,
  );
}

export function aDueDateRebaselined(
  data: Partial<DueDateRebaselinedData> = {},
  envelope: EventEnvelopeOverrides = {},
): MilestoneEventOf<'DueDateRebaselined'> {
  return event(
    'DueDateRebaselined',
    { newDueDate: '2022-06-30', previousDueDate: '2021-12-31', reason: '经市政府同意调整', ...data },
    '2021-06-01T02:00:00.000Z',
    envelope,
  );
}

export function anIndicatorTargetRevised(
  data: Partial<IndicatorTargetRevisedData> = {},
  envelope: EventEnvelopeOverrides = {},
): MilestoneEventOf<'IndicatorTargetRevised'> {
  return event(
    'IndicatorTargetRevised',
    { metric: TEST_METRIC, oldTarget: 50, newTarget: 40, reason: '受疫情影响调整目标', ...data },
    '2021-06-01T02:00:00.000Z',
    envelope,
  );
}

export function aMilestoneCancelled(
  data: Partial<MilestoneCancelledData> = {},
  envelope: EventEnvelopeOverrides = {},
): MilestoneEventOf<'MilestoneCancelled'> {
  return event(
    'MilestoneCancelled',
    { reason: '项目已并入其他任务', ...data },
    '2021-06-01T02:00:00.000Z',
    envelope,
  );
}
