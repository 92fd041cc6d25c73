import type { AcceptCompletion, ReturnCompletion } from '../milestone.commands';
import type { DecidedMilestoneEvent } from '../milestone.events';
import { NOTE, optionalText, REASON, requiredText } from '../milestone.validation';
import type { AssignmentState } from '../state/assignment';
import { assertNotBeforeSubmission } from './guards';
import type { Moment } from './moment';

/** 销号: the supervising office verified the claim. */
export function acceptCompletion(
  c: AcceptCompletion,
  a: AssignmentState,
  scope: { assignment?: string },
  at: Moment,
): DecidedMilestoneEvent {
  assertNotBeforeSubmission(a, at);
  const note = optionalText(c.data.note, 'note', NOTE);
  return {
    type: 'CompletionAccepted',
    data: { ...scope, ...(note !== undefined ? { note } : {}) },
    occurredAt: at.iso,
    backdated: at.backdated,
  };
}

/** 退回: the claim is not accepted; the work goes on. */
export function returnCompletion(
  c: ReturnCompletion,
  a: AssignmentState,
  scope: { assignment?: string },
  at: Moment,
): DecidedMilestoneEvent {
  assertNotBeforeSubmission(a, at);
  const reason = requiredText(c.data.reason, 'reason', REASON);
  return {
    type: 'CompletionReturned',
    data: { ...scope, reason },
    occurredAt: at.iso,
    backdated: at.backdated,
  };
}
