import { shape } from '@app/event-store';
import type { AssignmentScopedData } from '../milestone.commands';
import type { AssignmentScoped } from '../milestone.events';
import { REASON, requiredText } from '../milestone.validation';
import { assertNotBeforeSubmission } from '../decide/guards';
import { defineCommand, forOne, SCOPED } from './command-module';

/** 退回: the claim is not accepted; the work goes on. */
export interface ReturnCompletionData extends AssignmentScopedData {
  readonly reason: string;
}

/** 退回: the supervising office did not accept the completion; back to in progress. */
export interface CompletionReturnedData extends AssignmentScoped {
  readonly reason: string;
}

export const returnCompletion = defineCommand<
  'ReturnCompletion',
  ReturnCompletionData,
  'CompletionReturned',
  CompletionReturnedData
>({
  type: 'ReturnCompletion',
  policy: { supervisor: true, reporter: 'never', lifecycle: 'awaiting_verification', wide: false },
  decide: forOne((c, a, scope, at) => {
    assertNotBeforeSubmission(a, at);
    const reason = requiredText(c.data.reason, 'reason', REASON);
    return {
      type: 'CompletionReturned',
      data: { ...scope, reason },
      occurredAt: at.iso,
      backdated: at.backdated,
    };
  }),
  event: {
    type: 'CompletionReturned',
    labelZh: '退回',
    routing: 'submitted',
    decode: shape<CompletionReturnedData>({ ...SCOPED, reason: 'string' }),
    evolve: (a, event) => ({
      ...a,
      lifecycle: 'returned',
      returns: a.returns + 1,
      lastReturnReason: event.data.reason,
      submittedOn: null,
      submittedAt: null,
      completionEvidence: [],
      percent: a.percentBeforeSubmission,
      percentBeforeSubmission: null,
    }),
  },
});
