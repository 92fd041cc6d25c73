import { shape } from '@app/event-store';
import type { AssignmentScopedData } from '../milestone.commands';
import type { AssignmentScoped } from '../milestone.events';
import { NOTE, optionalText } from '../milestone.validation';
import { assertNotBeforeSubmission } from '../decide/guards';
import { dayOf } from '../state/assignment-updates';
import { defineCommand, forOne, SCOPED } from './command-module';

/** 销号: the supervising office verified the claim. */
export interface AcceptCompletionData extends AssignmentScopedData {
  readonly note?: string;
}

/** 销号: the supervising office verified the completion. */
export interface CompletionAcceptedData extends AssignmentScoped {
  readonly note?: string;
}

export const acceptCompletion = defineCommand<
  'AcceptCompletion',
  AcceptCompletionData,
  'CompletionAccepted',
  CompletionAcceptedData
>({
  type: 'AcceptCompletion',
  policy: { supervisor: true, reporter: 'never', lifecycle: 'awaiting_verification', wide: false },
  decide: forOne((c, a, scope, at) => {
    assertNotBeforeSubmission(a, at);
    const note = optionalText(c.data.note, 'note', NOTE);
    return {
      type: 'CompletionAccepted',
      data: { ...scope, ...(note !== undefined ? { note } : {}) },
      occurredAt: at.iso,
      backdated: at.backdated,
    };
  }),
  event: {
    type: 'CompletionAccepted',
    labelZh: '核验销号',
    routing: 'submitted',
    decode: shape<CompletionAcceptedData>({ ...SCOPED, note: 'string?' }),
    evolve: (a, event) => ({
      ...a,
      lifecycle: 'accepted',
      acceptedOn: dayOf(event.occurredAt),
      acceptedAt: event.occurredAt,
    }),
  },
});
