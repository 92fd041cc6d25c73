import {
  cancelsWholeMilestone,
  type AssessmentFacts,
  type AssignmentPlan,
  type LeadMode,
  type MilestoneEvent,
  type PlanImportEvent,
} from '@app/milestones';
import { assertUnreachable, type IsoDate } from '@app/platform';
import type { AssignmentFacts } from './fact-columns';

/**
 * One assignment's facts (承办事项), the part of a milestone's state the read models need, and the reducer that
 * keeps them.
 *
 * `evolveAssignmentFacts` mirrors the domain's `evolveAssignment` (libs/milestones/src/domain/state/
 * evolve-assignment.ts) field for field on what it computes: lifecycle, the latest percent / forecast / report
 * *by occurredAt* (a backdated report slots in without overwriting a later one), the submission and acceptance
 * dates, the current due date; the milestone's period, baseline and responsibility are copied into each
 * assignment (plan events change them for all: `milestone-facts-state.ts`). It is a separate reducer rather than a
 * call to `evolve` because a replay runs it millions of times: the domain state carries the whole progress list
 * (copied on every report, so O(n²) per stream), which the read models do not need. `facts-state.spec.ts` checks that both agree, for every assignment, on random streams.
 *
 * Instants are epoch milliseconds; days are computed with `dayOf` (the plan's time zone). The fields but the key and
 * lead units are `AssignmentFacts`, each kept in a fact column of the board's tables: declared with its column in
 * `fact-columns.ts` (in this order).
 */
export interface BoardAssignmentState extends AssignmentPlan, AssignmentFacts {}

/** A milestone event with its instant already parsed. */
export interface FactsEvent {
  readonly event: MilestoneEvent;
  readonly occurredMs: number;
  readonly backdated: boolean;
}

/** The milestone-level facts an assignment starts with. */
export interface AssignmentStart {
  readonly planLeadUnits: readonly string[];
  readonly planLeadMode: LeadMode;
  readonly periodFrom: number;
  readonly periodTo: number;
  readonly dueDate: IsoDate;
}

/** A new assignment: planned, due on the plan's date (the baseline). */
export function newAssignmentFacts(plan: AssignmentPlan, start: AssignmentStart): BoardAssignmentState {
  return {
    key: plan.key,
    leadUnits: [...plan.leadUnits],
    inPlan: true,
    planLeadUnits: start.planLeadUnits,
    planLeadMode: start.planLeadMode,
    periodFrom: start.periodFrom,
    periodTo: start.periodTo,
    lifecycle: 'planned',
    percent: null,
    percentBeforeSubmission: null,
    lastProgressMs: null,
    forecastDate: null,
    forecastMs: null,
    lastReportMs: null,
    lastReportOn: null,
    baselineDueDate: start.dueDate,
    dueDate: start.dueDate,
    submittedOn: null,
    acceptedOn: null,
    lastReturnReason: null,
    cancelledWithMilestone: false,
    backdatedEvents: 0,
    lifecycleBeforeWithdrawal: null,
  };
}

const isLatest = (at: number, previous: number | null): boolean => previous === null || at >= previous;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function report(n: Mutable<BoardAssignmentState>, at: number, dayOf: (ms: number) => IsoDate): void {
  if (!isLatest(at, n.lastReportMs)) return;
  n.lastReportMs = at;
  n.lastReportOn = dayOf(at);
}

function forecast(n: Mutable<BoardAssignmentState>, forecastDate: IsoDate | undefined, at: number): void {
  if (forecastDate === undefined || !isLatest(at, n.forecastMs)) return;
  n.forecastDate = forecastDate;
  n.forecastMs = at;
}

/** A withdrawal (the plan no longer contains the milestone, or no longer names this assignment). */
export function withdrawnFacts(s: BoardAssignmentState): BoardAssignmentState {
  return {
    ...s,
    lifecycle: 'withdrawn',
    lifecycleBeforeWithdrawal: s.lifecycle === 'withdrawn' ? s.lifecycleBeforeWithdrawal : s.lifecycle,
  };
}

/** Back in a revised plan: a withdrawn assignment is reinstated as it was (domain: `reinstateAssignment`). */
export function reinstatedFacts(s: BoardAssignmentState): BoardAssignmentState {
  if (s.lifecycle !== 'withdrawn') return s;
  return { ...s, lifecycle: s.lifecycleBeforeWithdrawal ?? 'planned', lifecycleBeforeWithdrawal: null };
}

/**
 * Applies an event routed to this assignment (see `targetAssignments`). Total: history is never rejected. One new
 * object per event (a replay runs this millions of times): a copy, changed before anyone sees it.
 */
export function evolveAssignmentFacts(
  s: BoardAssignmentState,
  fe: FactsEvent,
  dayOf: (ms: number) => IsoDate,
): BoardAssignmentState {
  const e = fe.event as Exclude<MilestoneEvent, PlanImportEvent>;
  const t = fe.occurredMs;
  const n: Mutable<BoardAssignmentState> = { ...s };
  if (fe.backdated) n.backdatedEvents++;
  switch (e.type) {
    case 'ProgressReported':
      if (isLatest(t, s.lastProgressMs)) {
        n.lastProgressMs = t;
        n.percent = e.data.percent;
      }
      if ((s.lifecycle === 'planned' && e.data.percent > 0) || s.lifecycle === 'returned') {
        n.lifecycle = 'in_progress';
      }
      report(n, t, dayOf);
      forecast(n, e.data.forecastDate, t);
      return n;
    case 'DelayReported':
      report(n, t, dayOf);
      if (s.lifecycle === 'returned') n.lifecycle = 'in_progress';
      forecast(n, e.data.forecastDate, t);
      return n;
    case 'CompletionSubmitted':
      report(n, t, dayOf);
      n.lifecycle = 'submitted';
      n.submittedOn = e.data.completedOn;
      n.percentBeforeSubmission = s.percent;
      n.percent = 100;
      return n;
    case 'CompletionAccepted':
      n.lifecycle = 'accepted';
      n.acceptedOn = dayOf(t);
      return n;
    case 'CompletionReturned':
      n.lifecycle = 'returned';
      n.submittedOn = null;
      n.percent = s.percentBeforeSubmission;
      n.percentBeforeSubmission = null;
      n.lastReturnReason = e.data.reason;
      return n;
    case 'DueDateRebaselined':
      n.dueDate = e.data.newDueDate;
      return n;
    case 'IndicatorTargetRevised':
      return n;
    case 'MilestoneCancelled':
      n.lifecycle = 'cancelled';
      n.cancelledWithMilestone = cancelsWholeMilestone(e.data);
      return n;
    default:
      return assertUnreachable(e, 'assignment event');
  }
}

/** What the rules judge of an assignment. `redFlagIn`: the red flag carried in from earlier health. */
export function factsOf(s: BoardAssignmentState, redFlagIn: IsoDate | null): AssessmentFacts {
  return {
    period: { from: s.periodFrom, to: s.periodTo },
    baselineDueDate: s.baselineDueDate,
    dueDate: s.dueDate,
    lifecycle: s.lifecycle,
    percent: s.percent,
    forecastDate: s.forecastDate,
    lastReportOn: s.lastReportOn,
    submittedOn: s.submittedOn,
    acceptedOn: s.acceptedOn,
    redFlagSince: redFlagIn,
  };
}
