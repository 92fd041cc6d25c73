import type { MilestoneLifecycle } from '../../labels/milestone.labels';

export {
  MILESTONE_LIFECYCLE_LABELS_ZH,
  MILESTONE_LIFECYCLES,
  type MilestoneLifecycle,
} from '../../labels/milestone.labels';

/**
 * Lifecycle only (from events). Schedule (overdue, due soon…) and health (red/amber/green/grey) are derived at a
 * date by the assessment rules; never fold them in here.
 *
 * 未开始 planned → 推进中 in_progress (first progress above 0%) → 待核验 submitted → 已销号 accepted.
 * 退回 returned: the claim was not accepted; the work goes on as in progress (the unit may report, report a delay or
 * resubmit) and the next report makes it `in_progress` again; `lastReturnReason` is kept.
 * 已取消 cancelled (by the supervising office) and 已撤销 withdrawn (no longer in the plan) are final, except that a
 * revised plan containing a withdrawn milestone again reinstates it. A milestone cancelled as a whole is cancelled
 * even where some of its assignments were accepted before (`derive.ts`).
 */
/** Lifecycles after which schedule and health no longer move. */
export type TerminalLifecycle = Extract<MilestoneLifecycle, 'accepted' | 'cancelled' | 'withdrawn'>;

export function isTerminalLifecycle(lifecycle: MilestoneLifecycle): lifecycle is TerminalLifecycle {
  return lifecycle === 'accepted' || lifecycle === 'cancelled' || lifecycle === 'withdrawn';
}
