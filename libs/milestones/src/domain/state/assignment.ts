import type { IsoDate } from '@app/platform';
import type { EvidenceRef, LeadMode } from '../milestone.events';
import type { MilestoneLifecycle } from './lifecycle';

/**
 * 承办事项: the share of a milestone one lead unit answers for. A milestone of a 分别牵头 task has one assignment per
 * lead unit, each with its own lifecycle, reports, delays, evidence, 销号 and return; a single-lead or jointly led
 * (共同牵头) milestone has exactly one. The milestone's own state is derived from its assignments (`derive.ts`).
 */

/** The key of the one assignment of a jointly led milestone (共同牵头). */
export const JOINT_ASSIGNMENT = 'joint';
/** The key of the one assignment of a milestone whose plan names no lead unit. */
export const UNASSIGNED = 'unassigned';

export interface AssignmentPlan {
  /** The lead unit's id when one unit leads it; `joint` or `unassigned` otherwise. */
  readonly key: string;
  /** The units that answer for it (one, except for a jointly led milestone). */
  readonly leadUnits: readonly string[];
}

/** How the lead units share the task, also for streams written before `leadMode` existed. */
export function leadModeOf(data: {
  readonly leadUnits: readonly string[];
  readonly leadMode?: LeadMode;
}): LeadMode {
  if (data.leadMode !== undefined) return data.leadMode;
  return data.leadUnits.length > 1 ? 'separately' : 'single';
}

/** The assignments of a milestone, from its responsibility. */
export function assignmentPlans(leadUnits: readonly string[], leadMode: LeadMode): AssignmentPlan[] {
  if (leadUnits.length === 0) return [{ key: UNASSIGNED, leadUnits: [] }];
  if (leadUnits.length === 1) return [{ key: leadUnits[0]!, leadUnits: [...leadUnits] }];
  if (leadMode === 'separately') return leadUnits.map((u) => ({ key: u, leadUnits: [u] }));
  return [{ key: JOINT_ASSIGNMENT, leadUnits: [...leadUnits] }];
}

export interface IndicatorState {
  readonly metric: string;
  readonly comparator: string;
  readonly unit: string;
  readonly source: string;
  /** The plan's target. */
  readonly baselineTarget: number;
  /** The current target (after `IndicatorTargetRevised`). */
  readonly target: number;
  /** The latest reported value (by `occurredAt`), or null. */
  readonly actual: number | null;
  readonly actualAt: string | null;
}

export interface ProgressPoint {
  readonly occurredAt: string;
  readonly percent: number;
}

export interface AssignmentState extends AssignmentPlan {
  readonly lifecycle: MilestoneLifecycle;
  /** The latest reported percent (by `occurredAt`); 100 while submitted or accepted; null before any report. */
  readonly percent: number | null;
  /** Every progress report's percent, ordered by `occurredAt` (backdated reports slot in). */
  readonly progress: readonly ProgressPoint[];
  readonly lastNarrative: string | null;
  /** The latest stated forecast of completion (from a progress or delay report), or null. */
  readonly forecastDate: IsoDate | null;
  readonly forecastAt: string | null;
  /** The latest progress, delay or completion report: instant and its calendar day. */
  readonly lastReportAt: string | null;
  readonly lastReportOn: IsoDate | null;
  readonly reports: number;
  readonly delays: number;
  readonly lastDelayReason: string | null;
  /** The current due date (the milestone's, unless re-baselined for this assignment alone). */
  readonly dueDate: IsoDate;
  readonly rebaselines: number;
  readonly lastRebaselineReason: string | null;
  /** `completedOn` of the pending or accepted completion. */
  readonly submittedOn: IsoDate | null;
  /** When that completion was submitted (instant). */
  readonly submittedAt: string | null;
  readonly completionEvidence: readonly EvidenceRef[];
  /** The calendar day of acceptance (销号). */
  readonly acceptedOn: IsoDate | null;
  readonly acceptedAt: string | null;
  /** How often a completion was returned (退回). */
  readonly returns: number;
  readonly lastReturnReason: string | null;
  /** The percent before the pending submission; restored when it is returned. */
  readonly percentBeforeSubmission: number | null;
  /** Targets (the milestone's, unless revised for this assignment) and this assignment's reported values. */
  readonly indicators: readonly IndicatorState[];
  /** Why it was cancelled or withdrawn, and the day. */
  readonly closedReason: string | null;
  readonly closedOn: IsoDate | null;
  /**
   * Cancelled with the whole milestone (a cancellation that named no assignment), not excused alone: the milestone
   * is then cancelled, whatever its other (accepted) assignments are (`derive.ts`). Kept through a withdrawal.
   */
  readonly cancelledWithMilestone: boolean;
  /** The lifecycle a withdrawal ended: a plan that contains the assignment again reinstates it in that state. */
  readonly lifecycleBeforeWithdrawal: MilestoneLifecycle | null;
}

export function newAssignment(
  plan: AssignmentPlan,
  dueDate: IsoDate,
  indicators: readonly IndicatorState[],
): AssignmentState {
  return {
    key: plan.key,
    leadUnits: [...plan.leadUnits],
    lifecycle: 'planned',
    percent: null,
    progress: [],
    lastNarrative: null,
    forecastDate: null,
    forecastAt: null,
    lastReportAt: null,
    lastReportOn: null,
    reports: 0,
    delays: 0,
    lastDelayReason: null,
    dueDate,
    rebaselines: 0,
    lastRebaselineReason: null,
    submittedOn: null,
    submittedAt: null,
    completionEvidence: [],
    acceptedOn: null,
    acceptedAt: null,
    returns: 0,
    lastReturnReason: null,
    percentBeforeSubmission: null,
    indicators,
    closedReason: null,
    closedOn: null,
    cancelledWithMilestone: false,
    lifecycleBeforeWithdrawal: null,
  };
}

/** Is the assignment still to be done (not accepted, cancelled or withdrawn)? */
export function isOpenAssignment(a: Pick<AssignmentState, 'lifecycle'>): boolean {
  return a.lifecycle !== 'accepted' && a.lifecycle !== 'cancelled' && a.lifecycle !== 'withdrawn';
}

/** Does it count in the milestone's state (not cancelled or withdrawn)? */
export function isLiveAssignment(a: Pick<AssignmentState, 'lifecycle'>): boolean {
  return a.lifecycle !== 'cancelled' && a.lifecycle !== 'withdrawn';
}

/** The assignment a unit leads, if any. */
export function assignmentLedBy<A extends AssignmentPlan>(
  assignments: readonly A[],
  unit: string,
): A | undefined {
  return assignments.find((a) => a.leadUnits.includes(unit));
}
