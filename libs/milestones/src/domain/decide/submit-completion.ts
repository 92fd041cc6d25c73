import type { SubmitCompletion } from '../milestone.commands';
import { MilestoneError, MilestoneErrorCode } from '../milestone.errors';
import type { DecidedMilestoneEvent } from '../milestone.events';
import { NARRATIVE, requiredText, validEvidence, validIndicatorActuals } from '../milestone.validation';
import type { AssignmentState } from '../state/assignment';
import type { MilestoneState } from '../state/milestone-state';
import { dateInPeriod, type Moment } from './moment';

export function submitCompletion(
  c: SubmitCompletion,
  a: AssignmentState,
  scope: { assignment?: string },
  at: Moment,
  state: MilestoneState,
): DecidedMilestoneEvent {
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
}
