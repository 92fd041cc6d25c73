import { shape } from '@app/event-store';
import type { AssignmentScopedData } from '../milestone.commands';
import type { AssignmentScoped } from '../milestone.events';
import { REASON, requiredText } from '../milestone.validation';
import { scope } from '../decide/command-target';
import { dayOf } from '../state/assignment-updates';
import { defineCommand, SCOPED } from './command-module';

/**
 * 取消: one assignment (its unit is excused; the milestone follows its other assignments), or the whole milestone:
 * it is dropped (已取消) and every open assignment is cancelled with it; accepted ones stay accepted, in their units'
 * own figures.
 */
export interface CancelMilestoneData extends AssignmentScopedData {
  readonly reason: string;
}

export interface MilestoneCancelledData extends AssignmentScoped {
  readonly reason: string;
}

/**
 * Does the cancellation drop the whole milestone? It names no assignment: on a milestone with several, the stored
 * event of a whole cancellation (`scope` writes the key only for one of several), also in histories written before
 * this rule; on a milestone with one, that one is the whole.
 */
export function cancelsWholeMilestone(data: AssignmentScoped): boolean {
  return data.assignment === undefined;
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
      cancelledWithMilestone: cancelsWholeMilestone(event.data),
    }),
  },
});
