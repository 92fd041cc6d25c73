import { MilestoneError, MilestoneErrorCode } from '../milestone.errors';
import { MILESTONE_LIFECYCLE_LABELS_ZH, type MilestoneLifecycle } from '../state/lifecycle';
import type { Moment } from './moment';

interface Lifecycled {
  readonly lifecycle: MilestoneLifecycle;
}

/** Cancelled and withdrawn milestones (or assignments) take nothing more. */
export function assertOpen(s: Lifecycled): void {
  if (s.lifecycle === 'cancelled') throw new MilestoneError(MilestoneErrorCode.MILESTONE_CANCELLED);
  if (s.lifecycle === 'withdrawn') throw new MilestoneError(MilestoneErrorCode.MILESTONE_WITHDRAWN);
}

export function assertNotAccepted(s: Lifecycled): void {
  if (s.lifecycle === 'accepted') throw new MilestoneError(MilestoneErrorCode.MILESTONE_ALREADY_ACCEPTED);
}

/** Progress and delays are reported while the work goes on: not while a completion awaits verification. */
export function assertReportable(s: Lifecycled): void {
  assertNotAccepted(s);
  if (s.lifecycle === 'submitted')
    throw new MilestoneError(MilestoneErrorCode.MILESTONE_AWAITING_VERIFICATION);
}

/** Only a submitted claim can be accepted or returned. */
export function assertAwaitingVerification(s: Lifecycled): void {
  assertNotAccepted(s);
  if (s.lifecycle !== 'submitted') {
    throw new MilestoneError(MilestoneErrorCode.COMPLETION_NOT_SUBMITTED, {
      details: { lifecycle: s.lifecycle, lifecycleZh: MILESTONE_LIFECYCLE_LABELS_ZH[s.lifecycle] },
    });
  }
}

/** A claim is accepted or returned not before it was made (its lifecycle was checked by `admit`). */
export function assertNotBeforeSubmission(s: { readonly submittedAt: string | null }, at: Moment): void {
  if (s.submittedAt !== null && Date.parse(at.iso) < Date.parse(s.submittedAt)) {
    throw new MilestoneError(MilestoneErrorCode.OCCURRED_AT_BEFORE_SUBMISSION, {
      field: 'occurredAt',
      details: { occurredAt: at.iso, submittedAt: s.submittedAt },
    });
  }
}
