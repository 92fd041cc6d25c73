import type { ReviseIndicatorTarget } from '../milestone.commands';
import { MilestoneError, MilestoneErrorCode } from '../milestone.errors';
import type { DecidedMilestoneEvent } from '../milestone.events';
import { finiteNumber, METRIC, REASON, requiredText } from '../milestone.validation';
import type { MilestoneState } from '../state/milestone-state';
import type { Moment } from './moment';
import { scope, type CommandTarget } from './target';

/** 调整指标目标: for one assignment, or for the whole milestone. */
export function reviseIndicatorTarget(
  c: ReviseIndicatorTarget,
  target: CommandTarget,
  at: Moment,
  state: MilestoneState,
): DecidedMilestoneEvent {
  const indicators = target.whole ? state.indicators : target.assignment.indicators;
  const metric = requiredText(c.data.metric, 'metric', METRIC);
  const indicator = indicators.find((i) => i.metric === metric);
  if (indicator === undefined) {
    throw new MilestoneError(MilestoneErrorCode.INDICATOR_UNKNOWN, {
      field: 'metric',
      details: { metric, known: indicators.map((i) => i.metric).join(', ') },
    });
  }
  const newTarget = finiteNumber(c.data.newTarget, 'newTarget');
  if (newTarget === indicator.target) {
    throw new MilestoneError(MilestoneErrorCode.INDICATOR_TARGET_UNCHANGED, {
      field: 'newTarget',
      details: { metric, target: indicator.target },
    });
  }
  const reason = requiredText(c.data.reason, 'reason', REASON);
  return {
    type: 'IndicatorTargetRevised',
    data: { ...scope(target), metric, oldTarget: indicator.target, newTarget, reason },
    occurredAt: at.iso,
    backdated: at.backdated,
  };
}
