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
  /**
   * The whole milestone was cancelled (written since this rule): it stays 已取消 whatever its other assignments
   * are. Absent in histories written before, which keep their meaning then: the milestone follows its live
   * assignments (an accepted share made it 已销号; a plan revision adding a unit resumed it).
   */
  readonly wholeMilestone?: true;
}

/** Does the cancellation drop the whole milestone (`wholeMilestone`)? */
export function cancelsWholeMilestone(data: Pick<MilestoneCancelledData, 'wholeMilestone'>): boolean {
  return data.wholeMilestone === true;
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
      data: { ...scope(target), reason, ...(target.whole ? { wholeMilestone: true as const } : {}) },
      occurredAt: at.iso,
      backdated: at.backdated,
    };
  },
  event: {
    type: 'MilestoneCancelled',
    labelZh: '取消',
    routing: 'open',
    decode: shape<MilestoneCancelledData>({ ...SCOPED, reason: 'string', wholeMilestone: 'boolean?' }),
    evolve: (a, event) => ({
      ...a,
      lifecycle: 'cancelled',
      closedReason: event.data.reason,
      closedOn: dayOf(event.occurredAt),
      cancelledWithMilestone: cancelsWholeMilestone(event.data),
    }),
  },
});
