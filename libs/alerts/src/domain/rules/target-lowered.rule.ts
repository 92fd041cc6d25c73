import type { AlertSubject, Condition } from '../subject';
import { condition } from '../subject';
import type { AlertRuleDefinition, TriggerEvent } from './rule';

/** A lower ambition: a smaller target, or a larger one for an upper limit (`<=`, `<`). */
export function targetLowered(comparator: string, oldTarget: number, newTarget: number): boolean {
  return comparator === '<=' || comparator === '<' ? newTarget > oldTarget : newTarget < oldTarget;
}

/** A revision of one target (for the assignment it concerns: one of several is told only when its target moved). */
function revised(before: AlertSubject | undefined, after: AlertSubject, t: TriggerEvent): Condition[] {
  if (t.type !== 'IndicatorTargetRevised') return [];
  const d = t.data;
  const i = before?.a.indicators.find((x) => x.metric === d.metric);
  const moved = after.a.indicators.find((x) => x.metric === d.metric)?.target !== i?.target;
  if (after.scoped && !moved) return [];
  if (!targetLowered(i?.comparator ?? '>=', d.oldTarget, d.newTarget)) return [];
  const unit = i?.unit ?? '';
  return [
    condition(
      after,
      'target_lowered',
      `v${t.version}`,
      'info',
      [
        {
          code: 'target_lowered',
          zh: `指标“${d.metric}”目标由${d.oldTarget}${unit}调整为${d.newTarget}${unit}：${d.reason}`,
          en: `Indicator "${d.metric}" target changed from ${d.oldTarget} to ${d.newTarget} ${unit}: ${d.reason}`,
        },
      ],
      { metric: d.metric, oldTarget: d.oldTarget, newTarget: d.newTarget, reason: d.reason },
    ),
  ];
}

/** Targets lowered by a re-baseline or a plan revision. */
function lowered(before: AlertSubject | undefined, after: AlertSubject, t: TriggerEvent): Condition[] {
  if (t.type !== 'DueDateRebaselined' && t.type !== 'MilestoneRevised') return [];
  const old = (metric: string) => before?.a.indicators.find((x) => x.metric === metric);
  const list = after.a.indicators.filter((i) => {
    const b = old(i.metric);
    return b !== undefined && targetLowered(i.comparator, b.target, i.target);
  });
  if (list.length === 0) return [];
  const why = t.type === 'MilestoneRevised' ? '计划文档修订' : (t.data.reason ?? '');
  return [
    condition(
      after,
      'target_lowered',
      `v${t.version}`,
      'info',
      list.map((i) => {
        const was = old(i.metric)?.target ?? null;
        return {
          code: 'target_lowered',
          zh: `指标“${i.metric}”目标由${was}${i.unit}调整为${i.target}${i.unit}：${why}`,
          en: `Indicator "${i.metric}" target changed from ${was} to ${i.target} ${i.unit}: ${why}`,
        };
      }),
      { metric: list.map((i) => i.metric).join('、'), reason: why },
    ),
  ];
}

/** 指标目标下调: an indicator's target lowered (told to the office, not tracked). */
export const targetLoweredRule: AlertRuleDefinition = {
  labelZh: '指标目标下调',
  copies: { cooperating: false, office: true },
  onEvent: (before, after, t) => [...revised(before, after, t), ...lowered(before, after, t)],
  cleared: () => null,
};
