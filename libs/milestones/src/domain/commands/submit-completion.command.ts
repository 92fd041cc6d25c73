import type { IsoDate } from '@app/platform';
import { shape } from '@app/event-store';
import type { AssignmentScopedData } from '../milestone.commands';
import { MilestoneError, MilestoneErrorCode } from '../milestone.errors';
import type { AssignmentScoped, EvidenceRef, IndicatorActual } from '../milestone.events';
import { NARRATIVE, requiredText, validEvidence, validIndicatorActuals } from '../milestone.validation';
import { dateInPeriod } from '../decide/moment';
import type { AssignmentState } from '../state/assignment';
import { withActuals, withReport } from '../state/assignment-updates';
import { defineCommand, forOne, SCOPED } from './command-module';

/** 提交完成: the lead unit claims the work done, with evidence; the office verifies it (销号 or 退回). */
export interface SubmitCompletionData extends AssignmentScopedData {
  /** YYYY-MM-DD, not after the date the completion is reported. */
  readonly completedOn: string;
  readonly narrative: string;
  /** At least one piece. */
  readonly evidence: readonly EvidenceRef[];
  readonly indicatorActuals?: readonly IndicatorActual[];
}

export interface CompletionSubmittedData extends AssignmentScoped {
  readonly completedOn: IsoDate;
  readonly narrative: string;
  readonly evidence: readonly EvidenceRef[];
  readonly indicatorActuals?: readonly IndicatorActual[];
}

export const submitCompletion = defineCommand<
  'SubmitCompletion',
  SubmitCompletionData,
  'CompletionSubmitted',
  CompletionSubmittedData
>({
  type: 'SubmitCompletion',
  // The office verifies claims, it does not make them.
  policy: { supervisor: false, reporter: 'lead', lifecycle: 'claimable', wide: false },
  decide: forOne((c, a, scope, at, state) => {
    const d = c.data;
    const completedOn = dateInPeriod(d.completedOn, 'completedOn', state);
    if (completedOn > at.day) {
      throw new MilestoneError(MilestoneErrorCode.COMPLETED_ON_AFTER_OCCURRED_AT, {
        field: 'completedOn',
        details: { completedOn, reportedOn: at.day },
      });
    }
    const narrative = requiredText(d.narrative, 'narrative', NARRATIVE);
    const evidence = validEvidence(d.evidence, 'evidence', true);
    const metrics = a.indicators.map((i) => i.metric);
    const indicatorActuals =
      d.indicatorActuals === undefined
        ? undefined
        : validIndicatorActuals(d.indicatorActuals, 'indicatorActuals', metrics);
    return {
      type: 'CompletionSubmitted',
      data: {
        ...scope,
        completedOn,
        narrative,
        evidence,
        ...(indicatorActuals !== undefined && indicatorActuals.length > 0 ? { indicatorActuals } : {}),
      },
      occurredAt: at.iso,
      backdated: at.backdated,
    };
  }),
  event: {
    type: 'CompletionSubmitted',
    labelZh: '提交完成',
    routing: 'reporter',
    decode: shape<CompletionSubmittedData>({
      ...SCOPED,
      completedOn: 'string',
      narrative: 'string',
      evidence: 'array',
      indicatorActuals: 'array?',
    }),
    evolve: (a, event) => {
      const d = event.data;
      const next: AssignmentState = {
        ...withReport(a, event.occurredAt),
        lifecycle: 'submitted',
        submittedOn: d.completedOn,
        submittedAt: event.occurredAt,
        completionEvidence: [...d.evidence],
        lastNarrative: d.narrative,
        percentBeforeSubmission: a.percent,
        percent: 100,
      };
      return withActuals(next, d.indicatorActuals, event.occurredAt);
    },
  },
});
