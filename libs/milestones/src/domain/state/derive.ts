import type { IsoDate } from '@app/platform';
import { isLiveAssignment, type AssignmentState } from './assignment';
import type { MilestoneLifecycle } from './lifecycle';
import type { MilestoneState } from './milestone-state';

/** What a milestone's own state is, given its assignments. */
export type DerivedMilestone = Pick<
  MilestoneState,
  | 'lifecycle'
  | 'percent'
  | 'percentRange'
  | 'dueDate'
  | 'submittedOn'
  | 'acceptedOn'
  | 'closedReason'
  | 'closedOn'
>;

const maxOf = (values: readonly (IsoDate | null)[]): IsoDate | null => {
  let out: IsoDate | null = null;
  for (const v of values) if (v !== null && (out === null || v > out)) out = v;
  return out;
};

/** Was the milestone cancelled as a whole (some assignment was cancelled with it, `cancelledWithMilestone`)? */
export function isCancelledAsWhole(
  assignments: readonly Pick<AssignmentState, 'cancelledWithMilestone'>[],
): boolean {
  return assignments.some((a) => a.cancelledWithMilestone);
}

/** What the milestone's lifecycle reads of an assignment. */
type Lifecycled = Pick<AssignmentState, 'lifecycle' | 'cancelledWithMilestone'>;

/**
 * An assignment a revised plan adds to these: a milestone cancelled as a whole stays cancelled, so the new one is
 * cancelled with it (the domain's state and the read models' facts alike).
 */
export function joiningAssignment<A extends Lifecycled>(existing: readonly Lifecycled[], added: A): A {
  return isCancelledAsWhole(existing)
    ? { ...added, lifecycle: 'cancelled', cancelledWithMilestone: true }
    : added;
}

/**
 * The assignments whose figures the milestone shows: its live ones; when none is live or it was cancelled as a
 * whole, those that are not (the shares it dropped: an accepted share of a cancelled milestone stays accepted, in
 * its unit's own figures only).
 */
export function countedAssignments<A extends Lifecycled>(assignments: readonly A[]): readonly A[] {
  const live = assignments.filter(isLiveAssignment);
  if (live.length > 0 && !isCancelledAsWhole(assignments)) return live;
  return live.length === 0 ? assignments : assignments.filter((a) => !isLiveAssignment(a));
}

/**
 * The milestone's lifecycle from its assignments: with none live (all cancelled or withdrawn), `withdrawn` when
 * every one is, else `cancelled`; `cancelled` when it was cancelled as a whole (accepted shares aside); else from
 * the live ones: theirs when they agree, `submitted` when every one is submitted or accepted, `in_progress` when
 * they differ otherwise.
 */
export function derivedLifecycle(assignments: readonly Lifecycled[]): MilestoneLifecycle {
  const live = assignments.filter(isLiveAssignment);
  if (live.length === 0) {
    return assignments.length > 0 && assignments.every((a) => a.lifecycle === 'withdrawn')
      ? 'withdrawn'
      : 'cancelled';
  }
  if (isCancelledAsWhole(assignments)) return 'cancelled';
  const first = live[0]!.lifecycle;
  if (live.every((a) => a.lifecycle === first)) return first;
  if (live.every((a) => a.lifecycle === 'submitted' || a.lifecycle === 'accepted')) return 'submitted';
  return 'in_progress';
}

/** Mean of the percents (an unreported one counts as 0), rounded to one decimal; null when none reported. */
export function meanPercent(percents: readonly (number | null)[]): number | null {
  if (percents.length === 0 || percents.every((p) => p === null)) return null;
  const sum = percents.reduce<number>((s, p) => s + (p ?? 0), 0);
  return Math.round((sum / percents.length) * 10) / 10;
}

/** What `deriveMilestone` reads of an assignment (the read models derive from their own facts). */
export type DerivableAssignment = Pick<
  AssignmentState,
  | 'lifecycle'
  | 'cancelledWithMilestone'
  | 'percent'
  | 'dueDate'
  | 'submittedOn'
  | 'acceptedOn'
  | 'closedReason'
  | 'closedOn'
>;

export function deriveMilestone(assignments: readonly DerivableAssignment[]): DerivedMilestone {
  const lifecycle = derivedLifecycle(assignments);
  const live = assignments.filter(isLiveAssignment);
  // Closed (cancelled, withdrawn), the percent its dropped shares had: a single-assignment milestone keeps its own.
  const counted = countedAssignments(assignments);
  const percents = counted.map((a) => a.percent);
  const closed = lifecycle === 'cancelled' || lifecycle === 'withdrawn';
  const spread = !closed && live.length > 1 ? percents.map((p) => p ?? 0) : [];
  const lastClosed = closed
    ? [...assignments].sort((a, b) => (a.closedOn ?? '').localeCompare(b.closedOn ?? '')).at(-1)
    : undefined;
  return {
    lifecycle,
    percent: meanPercent(percents),
    percentRange: spread.length > 1 ? { min: Math.min(...spread), max: Math.max(...spread) } : null,
    dueDate: maxOf(counted.map((a) => a.dueDate)) ?? '',
    submittedOn:
      lifecycle === 'submitted' || lifecycle === 'accepted' ? maxOf(live.map((a) => a.submittedOn)) : null,
    acceptedOn: lifecycle === 'accepted' ? maxOf(live.map((a) => a.acceptedOn)) : null,
    closedReason: lastClosed?.closedReason ?? null,
    closedOn: lastClosed?.closedOn ?? null,
  };
}
