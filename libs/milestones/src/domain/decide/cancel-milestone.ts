import type { CancelMilestone } from '../milestone.commands';
import type { DecidedMilestoneEvent } from '../milestone.events';
import { REASON, requiredText } from '../milestone.validation';
import type { Moment } from './moment';
import { scope, type CommandTarget } from './target';

/** 取消: one assignment, or every open assignment of the milestone (accepted ones stay accepted). */
export function cancelMilestone(
  c: CancelMilestone,
  target: CommandTarget,
  at: Moment,
): DecidedMilestoneEvent {
  const reason = requiredText(c.data.reason, 'reason', REASON);
  return {
    type: 'MilestoneCancelled',
    data: { ...scope(target), reason },
    occurredAt: at.iso,
    backdated: at.backdated,
  };
}
