import { assertUnreachable } from '@app/platform';
import type {
  MilestoneEvent,
  MilestonePlannedData,
  MilestoneRevisedData,
  PlanImportEvent,
  PlanIndicator,
} from '../milestone.events';
import {
  assignmentPlans,
  leadModeOf,
  newAssignment,
  type AssignmentState,
  type IndicatorState,
} from './assignment';
import { deriveMilestone, joiningAssignment } from './derive';
import { dayOf, withTarget } from './assignment-updates';
import {
  evolveAssignment,
  reinstateAssignment,
  withdrawAssignment,
  type AssignmentEvent,
} from './evolve-assignment';
import { initialState, type MilestoneState } from './milestone-state';
import { targetAssignments } from './routing';

/** Plan indicators as state; a target revised by the supervising office survives a re-import. */
function indicatorsFromPlan(
  plan: readonly PlanIndicator[],
  previous: readonly IndicatorState[],
): IndicatorState[] {
  return plan.map((p) => {
    const old = previous.find((o) => o.metric === p.metric);
    const revised = old !== undefined && old.target !== old.baselineTarget;
    return {
      metric: p.metric,
      comparator: p.comparator,
      unit: p.unit,
      source: p.source,
      baselineTarget: p.target,
      target: revised ? old.target : p.target,
      actual: old?.actual ?? null,
      actualAt: old?.actualAt ?? null,
    };
  });
}

function planned(d: MilestonePlannedData): MilestoneState {
  const leadMode = leadModeOf(d);
  const indicators = indicatorsFromPlan(d.indicators, []);
  return {
    ...initialState,
    exists: true,
    milestoneId: d.milestoneId,
    planKey: d.planKey,
    taskNo: d.taskNo,
    section: d.section,
    taskTitle: d.taskTitle,
    text: d.text,
    period: { from: d.period.from, to: d.period.to },
    zones: [...d.zones],
    districts: [...d.districts],
    cityWide: d.cityWide ?? d.zones.length === 0,
    leadUnits: [...d.leadUnits],
    leadMode,
    cooperatingUnits: [...d.cooperatingUnits],
    assignments: assignmentPlans(d.leadUnits, leadMode).map((p) => newAssignment(p, d.dueDate, indicators)),
    baselineDueDate: d.dueDate,
    indicators,
  };
}

/**
 * An assignment a revised plan adds or brings back (`joiningAssignment`); cancelled, for the milestone's reason and
 * day, when the milestone was cancelled as a whole (one back as cancelled or accepted stays as it was).
 */
function addedAssignment(s: MilestoneState, a: AssignmentState): AssignmentState {
  if (a.lifecycle === 'cancelled' || a.lifecycle === 'accepted') return a;
  const joined = joiningAssignment(s.assignments, a);
  return joined === a ? a : { ...joined, closedReason: s.closedReason, closedOn: s.closedOn };
}

/**
 * A revised plan line: new text, baseline and targets for the milestone and each assignment (a re-baselined or
 * revised one keeps its own); a changed responsibility adds assignments and withdraws those no longer in it; a
 * withdrawn milestone is reinstated as it was (one cancelled as a whole stays cancelled).
 */
function revised(s: MilestoneState, d: MilestoneRevisedData, on: string): MilestoneState {
  const leadUnits = d.leadUnits ?? s.leadUnits;
  const leadMode = d.leadMode ?? (d.leadUnits !== undefined ? leadModeOf({ leadUnits }) : s.leadMode);
  const plans = assignmentPlans(leadUnits, leadMode);
  const indicators = indicatorsFromPlan(d.indicators, s.indicators);
  // The plan's date is the baseline; a re-baselined current date stays as it is.
  // One back from a withdrawal joins the milestone as an added one does (cancelled with a milestone cancelled whole).
  const update = (a: AssignmentState): AssignmentState => ({
    ...(a.lifecycle === 'withdrawn' ? addedAssignment(s, reinstateAssignment(a)) : a),
    dueDate: a.dueDate !== s.baselineDueDate ? a.dueDate : d.dueDate,
    indicators: indicatorsFromPlan(d.indicators, a.indicators),
  });
  const kept = s.assignments.map((a) =>
    plans.some((p) => p.key === a.key) ? update(a) : withdrawAssignment(a, '计划修订后不再由该单位牵头', on),
  );
  const added = plans
    .filter((p) => !s.assignments.some((a) => a.key === p.key))
    .map((p) => addedAssignment(s, newAssignment(p, d.dueDate, indicators)));
  return {
    ...s,
    text: d.text,
    baselineDueDate: d.dueDate,
    indicators,
    leadUnits: [...leadUnits],
    leadMode,
    cooperatingUnits: d.cooperatingUnits ? [...d.cooperatingUnits] : s.cooperatingUnits,
    zones: d.zones ? [...d.zones] : s.zones,
    districts: d.districts ? [...d.districts] : s.districts,
    cityWide: d.cityWide ?? (d.zones ? d.zones.length === 0 : s.cityWide),
    assignments: [...kept, ...added],
    planRevisions: s.planRevisions + 1,
  };
}

function planEvent(s: MilestoneState, event: PlanImportEvent): MilestoneState {
  switch (event.type) {
    case 'MilestonePlanned':
    case 'MilestoneAdded':
      return planned(event.data);
    case 'MilestoneRevised':
      return revised(s, event.data, dayOf(event.occurredAt));
    case 'MilestoneWithdrawn': {
      const on = dayOf(event.occurredAt);
      return { ...s, assignments: s.assignments.map((a) => withdrawAssignment(a, event.data.reason, on)) };
    }
    default:
      return assertUnreachable(event, 'plan event');
  }
}

/** Written by the plan import (the plan, its revisions, a withdrawal). */
export function isPlanEvent(e: MilestoneEvent): e is PlanImportEvent {
  return (
    e.type === 'MilestonePlanned' ||
    e.type === 'MilestoneAdded' ||
    e.type === 'MilestoneRevised' ||
    e.type === 'MilestoneWithdrawn'
  );
}

function assignmentEvent(s: MilestoneState, event: AssignmentEvent): MilestoneState {
  const targets = new Set(targetAssignments(s.assignments, event).map((a) => a.key));
  const assignments = s.assignments.map((a) => (targets.has(a.key) ? evolveAssignment(a, event) : a));
  // A target revised for the whole milestone is the milestone's target too.
  const indicators =
    event.type === 'IndicatorTargetRevised' && event.data.assignment === undefined
      ? withTarget(s.indicators, event.data.metric, event.data.newTarget)
      : s.indicators;
  return { ...s, assignments, indicators };
}

/** Apply one event; the version counts every event. Total and pure: history is never rejected here. */
export function evolve(state: MilestoneState, event: MilestoneEvent): MilestoneState {
  const next = isPlanEvent(event) ? planEvent(state, event) : assignmentEvent(state, event);
  if (!next.exists) return { ...next, version: state.version + 1 };
  // A milestone with one assignment reports its values as its own.
  const only = next.assignments.length === 1 ? next.assignments[0] : undefined;
  return {
    ...next,
    ...deriveMilestone(next.assignments),
    ...(only !== undefined ? { indicators: only.indicators } : {}),
    version: state.version + 1,
  };
}

/** The state after a stream's events, in stream order. */
export function fold(events: Iterable<MilestoneEvent>): MilestoneState {
  let state = initialState;
  for (const e of events) state = evolve(state, e);
  return state;
}
