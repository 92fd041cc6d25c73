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

/**
 * The milestone's lifecycle from its live (not cancelled or withdrawn) assignments: theirs when they agree;
 * `submitted` when every one is submitted or accepted; `in_progress` when they differ otherwise. With none live:
 * `withdrawn` when every assignment is, else `cancelled`.
 */
export function derivedLifecycle(
  assignments: readonly Pick<AssignmentState, 'lifecycle'>[],
): MilestoneLifecycle {
  const live = assignments.filter(isLiveAssignment);
  if (live.length === 0) {
    return assignments.length > 0 && assignments.every((a) => a.lifecycle === 'withdrawn')
      ? 'withdrawn'
      : 'cancelled';
  }
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
  'lifecycle' | 'percent' | 'dueDate' | 'submittedOn' | 'acceptedOn' | 'closedReason' | 'closedOn'
>;

export function deriveMilestone(assignments: readonly DerivableAssignment[]): DerivedMilestone {
  const lifecycle = derivedLifecycle(assignments);
  const live = assignments.filter(isLiveAssignment);
  const counted = live.length > 0 ? live : assignments;
  // With none live (cancelled, withdrawn), the percent they had: a single-assignment milestone keeps its own.
  const percents = counted.map((a) => a.percent);
  const spread = live.length > 1 ? percents.map((p) => p ?? 0) : [];
  const closed = lifecycle === 'cancelled' || lifecycle === 'withdrawn';
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
