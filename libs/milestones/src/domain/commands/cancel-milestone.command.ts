import { shape } from '@app/event-store';
import type { AssignmentScopedData } from '../milestone.commands';
import type { AssignmentScoped } from '../milestone.events';
import { REASON, requiredText } from '../milestone.validation';
import { scope } from '../decide/command-target';
import { dayOf } from '../state/assignment-updates';
import { defineCommand, SCOPED } from './command-module';

/** 取消: one assignment, or every open assignment of the milestone (accepted ones stay accepted). */
export interface CancelMilestoneData extends AssignmentScopedData {
  readonly reason: string;
}

export interface MilestoneCancelledData extends AssignmentScoped {
  readonly reason: string;
}

export const cancelMilestone = defineCommand<
  'CancelMilestone',
  CancelMilestoneData,
  'MilestoneCancelled',
  MilestoneCancelledData
>({
  type: 'CancelMilestone',
  policy: { supervisor: true, reporter: 'never', lifecycle: 'not_accepted', wide: true },
  decide: (c, target, at) => {
    const reason = requiredText(c.data.reason, 'reason', REASON);
    return {
      type: 'MilestoneCancelled',
      data: { ...scope(target), reason },
      occurredAt: at.iso,
      backdated: at.backdated,
    };
  },
  event: {
    type: 'MilestoneCancelled',
    labelZh: '取消',
    routing: 'open',
    decode: shape<MilestoneCancelledData>({ ...SCOPED, reason: 'string' }),
    evolve: (a, event) => ({
      ...a,
      lifecycle: 'cancelled',
      closedReason: event.data.reason,
      closedOn: dayOf(event.occurredAt),
    }),
  },
});
