import { shape } from '@app/event-store';
import type { AssignmentScopedData } from '../milestone.commands';
import { MilestoneError, MilestoneErrorCode } from '../milestone.errors';
import type { AssignmentScoped } from '../milestone.events';
import { METRIC, REASON, requiredText, validTarget } from '../milestone.validation';
import { scope } from '../decide/command-target';
import { withTarget } from '../state/assignment-updates';
import { defineCommand, SCOPED } from './command-module';

/**
 * 调整指标目标: a new target of one indicator, for one assignment or for the whole milestone (then the milestone's
 * target too: `evolve`).
 */
export interface ReviseIndicatorTargetData extends AssignmentScopedData {
  readonly metric: string;
  readonly newTarget: number;
  readonly reason: string;
}

export interface IndicatorTargetRevisedData extends AssignmentScoped {
  readonly metric: string;
  readonly oldTarget: number;
  readonly newTarget: number;
  readonly reason: string;
}

export const reviseIndicatorTarget = defineCommand<
  'ReviseIndicatorTarget',
  ReviseIndicatorTargetData,
  'IndicatorTargetRevised',
  IndicatorTargetRevisedData
>({
  type: 'ReviseIndicatorTarget',
  policy: { supervisor: true, reporter: 'never', lifecycle: 'not_accepted', wide: true },
  decide: (c, target, at, state) => {
    const indicators = target.whole ? state.indicators : target.assignment.indicators;
    const metric = requiredText(c.data.metric, 'metric', METRIC);
    const indicator = indicators.find((i) => i.metric === metric);
    if (indicator === undefined) {
      throw new MilestoneError(MilestoneErrorCode.INDICATOR_UNKNOWN, {
        field: 'metric',
        details: { metric, known: indicators.map((i) => i.metric).join(', ') },
      });
    }
    const newTarget = validTarget(c.data.newTarget, 'newTarget');
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
  },
  event: {
    type: 'IndicatorTargetRevised',
    labelZh: '调整指标目标',
    routing: 'open',
    decode: shape<IndicatorTargetRevisedData>({
      ...SCOPED,
      metric: 'string',
      oldTarget: 'number',
      newTarget: 'number',
      reason: 'string',
    }),
    evolve: (a, event) => ({
      ...a,
      indicators: withTarget(a.indicators, event.data.metric, event.data.newTarget),
    }),
  },
});
