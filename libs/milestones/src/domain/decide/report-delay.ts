import type { ReportDelay } from '../milestone.commands';
import type { DecidedMilestoneEvent } from '../milestone.events';
import { REASON, requiredText } from '../milestone.validation';
import type { AssignmentState } from '../state/assignment';
import { forecastFrom, type Moment } from './moment';

export function reportDelay(
  c: ReportDelay,
  a: AssignmentState,
  scope: { assignment?: string },
  at: Moment,
): DecidedMilestoneEvent {
  const reason = requiredText(c.data.reason, 'reason', REASON);
  const forecastDate = forecastFrom(c.data.forecastDate, at);
  return {
    type: 'DelayReported',
    data: { ...scope, reason, forecastDate },
    occurredAt: at.iso,
    backdated: at.backdated,
  };
}
