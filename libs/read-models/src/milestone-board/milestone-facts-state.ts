import * as milestones from '@app/milestones';
import type {
  MilestoneEvent,
  MilestonePlannedData,
  MilestoneRevisedData,
  PlanImportEvent,
} from '@app/milestones';
import type { IsoDate } from '@app/platform';
import {
  evolveAssignmentFacts,
  newAssignmentFacts,
  reinstatedFacts,
  withdrawnFacts,
  type FactsEvent,
  type BoardAssignmentState,
} from './facts-state';

// Bound once: through the libs' re-exports a call costs a getter per access (CommonJS), millions of times in a replay.
const { assignmentPlans, joiningAssignment, leadModeOf, targetAssignments } = milestones;

/**
 * A milestone's facts as the read models keep them: its assignments, in plan order (withdrawn ones included), as
 * the domain's `MilestoneState.assignments`. The milestone exists once planned (it then has at least one
 * assignment: `assignmentPlans` never returns none).
 */
export type BoardMilestoneState = readonly BoardAssignmentState[];

/** What an event did: the assignments after it, and the keys of those it concerned (routed to, or planned). */
export interface EvolvedMilestone {
  readonly assignments: BoardMilestoneState;
  readonly concerned: readonly string[];
}

const NOTHING: readonly string[] = [];

function isPlanEvent(e: MilestoneEvent): e is PlanImportEvent {
  return (
    e.type === 'MilestonePlanned' ||
    e.type === 'MilestoneAdded' ||
    e.type === 'MilestoneRevised' ||
    e.type === 'MilestoneWithdrawn'
  );
}

const counted = (s: BoardAssignmentState, fe: FactsEvent): BoardAssignmentState =>
  fe.backdated ? { ...s, backdatedEvents: s.backdatedEvents + 1 } : s;

/**
 * The domain's `planned`: one assignment per lead unit of a 分别牵头 milestone, else one. (A stream has one
 * `MilestonePlanned`/`MilestoneAdded`, appended to a new stream by the import; should another come, the
 * assignments it no longer names are withdrawn here, where the domain would forget them.)
 */
function planned(current: BoardMilestoneState, d: MilestonePlannedData, fe: FactsEvent): EvolvedMilestone {
  const planLeadMode = leadModeOf(d);
  const start = {
    planLeadUnits: [...d.leadUnits],
    planLeadMode,
    periodFrom: d.period.from,
    periodTo: d.period.to,
    dueDate: d.dueDate,
  };
  const fresh = assignmentPlans(d.leadUnits, planLeadMode).map((p) => {
    const before = current.find((a) => a.key === p.key);
    return counted({ ...newAssignmentFacts(p, start), backdatedEvents: before?.backdatedEvents ?? 0 }, fe);
  });
  const gone = current
    .filter((a) => !fresh.some((f) => f.key === a.key))
    .map((a) => counted({ ...withdrawnFacts(a), inPlan: false }, fe));
  const assignments = [...fresh, ...gone];
  return { assignments, concerned: assignments.map((a) => a.key) };
}

/**
 * The domain's `revised`: the new baseline for every assignment (a re-baselined one keeps its own due date); a
 * changed responsibility withdraws the assignments it no longer names and adds the new ones (cancelled, when the
 * milestone was cancelled as a whole); a withdrawn one that is named again is reinstated.
 */
function revised(current: BoardMilestoneState, d: MilestoneRevisedData, fe: FactsEvent): EvolvedMilestone {
  const first = current[0]!;
  const planLeadUnits = d.leadUnits ?? first.planLeadUnits;
  const planLeadMode =
    d.leadMode ?? (d.leadUnits !== undefined ? leadModeOf({ leadUnits: planLeadUnits }) : first.planLeadMode);
  const plans = assignmentPlans(planLeadUnits, planLeadMode);
  const plan = { planLeadUnits: [...planLeadUnits], planLeadMode, baselineDueDate: d.dueDate };
  const kept = current.map((a): BoardAssignmentState => {
    if (!plans.some((p) => p.key === a.key))
      return counted({ ...withdrawnFacts(a), ...plan, inPlan: false }, fe);
    // Back from a withdrawal: it joins as an added one does (`joiningAssignment`), as the domain's state.
    const reinstated = reinstatedFacts(a);
    const back =
      a.lifecycle === 'withdrawn' &&
      reinstated.lifecycle !== 'cancelled' &&
      reinstated.lifecycle !== 'accepted'
        ? joiningAssignment(current, reinstated)
        : reinstated;
    const dueDate = a.dueDate !== a.baselineDueDate ? a.dueDate : d.dueDate;
    return counted({ ...back, ...plan, inPlan: true, dueDate }, fe);
  });
  const start = { ...plan, periodFrom: first.periodFrom, periodTo: first.periodTo, dueDate: d.dueDate };
  const added = plans
    .filter((p) => !current.some((a) => a.key === p.key))
    .map((p) => counted(joiningAssignment(current, newAssignmentFacts(p, start)), fe));
  const assignments = [...kept, ...added];
  return { assignments, concerned: assignments.map((a) => a.key) };
}

/**
 * Applies one event to a milestone: plan events to every assignment, the others to the assignments the domain's
 * routing rule (`targetAssignments`) sends them to, judged on these very facts. Events before the milestone is
 * planned are ignored (nothing to judge).
 */
export function evolveMilestoneFacts(
  current: BoardMilestoneState,
  fe: FactsEvent,
  dayOf: (ms: number) => IsoDate,
): EvolvedMilestone {
  const e = fe.event;
  if (e.type === 'MilestonePlanned' || e.type === 'MilestoneAdded') return planned(current, e.data, fe);
  if (current.length === 0) return { assignments: current, concerned: NOTHING };
  if (isPlanEvent(e)) {
    if (e.type === 'MilestoneRevised') return revised(current, e.data, fe);
    const assignments = current.map((a) => counted(withdrawnFacts(a), fe));
    return { assignments, concerned: assignments.map((a) => a.key) };
  }
  const targets = targetAssignments(current, e);
  if (targets.length === 0) return { assignments: current, concerned: NOTHING };
  const assignments = current.map((a) => (targets.includes(a) ? evolveAssignmentFacts(a, fe, dayOf) : a));
  return { assignments, concerned: targets.map((a) => a.key) };
}
