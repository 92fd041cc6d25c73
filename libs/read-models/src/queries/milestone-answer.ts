import * as milestones from '@app/milestones';
import type { HealthColour, MilestoneLifecycle, ScheduleState } from '@app/milestones';
import type { IsoDate } from '@app/platform';

// Bound once: through the lib's re-exports a call costs a getter per access (CommonJS), for every milestone.
const { countedAssignments, deriveMilestone, HEALTH_SEVERITY, SCHEDULE_SEVERITY, worstOf } = milestones;

/** One assignment as judged at a date: its lifecycle and figures, its schedule and health there. */
export interface AssignmentAnswer {
  readonly lifecycle: MilestoneLifecycle;
  /** Cancelled with the whole milestone (which is then cancelled: `deriveMilestone`). */
  readonly cancelledWithMilestone: boolean;
  readonly percent: number | null;
  readonly dueDate: IsoDate;
  readonly submittedOn: IsoDate | null;
  readonly acceptedOn: IsoDate | null;
  readonly lastReportOn: IsoDate | null;
  readonly schedule: ScheduleState;
  /** Days late (completed late, or overdue so far), null when not late. */
  readonly daysLate: number | null;
  readonly health: HealthColour;
  /** Not kept by the read models (what `deriveMilestone` reads besides). */
  readonly closedReason: null;
  readonly closedOn: null;
}

/** A milestone as judged at a date, from its assignments. */
export interface MilestoneAnswer extends Omit<
  AssignmentAnswer,
  'closedReason' | 'closedOn' | 'cancelledWithMilestone'
> {
  /** Lowest and highest percent of the live assignments, when there are several (an unreported one as 0). */
  readonly percentRange: { readonly min: number; readonly max: number } | null;
  /** The assignment whose schedule the milestone shows (the first live one with the worst; index in the list). */
  readonly worst: number;
}

/**
 * The milestone's state from its assignments' (plan order), by the domain's rules: lifecycle, percent and its
 * spread, due date, submission and acceptance by `deriveMilestone`; schedule and health the worst of the assignments it
 * counts (`countedAssignments`: the live ones; the dropped ones, when cancelled as a whole or none is live) by
 * `SCHEDULE_SEVERITY` / `HEALTH_SEVERITY`; days late the most of them; the last report the latest. With one
 * assignment, its own schedule, health and days late. The single source of these rules for the roll-ups, the
 * lists, the agenda and the board (`BoardEvaluation` takes a shortcut for one assignment: see there).
 */
export function milestoneAnswer(assignments: readonly AssignmentAnswer[]): MilestoneAnswer {
  const derived = deriveMilestone(assignments);
  const counted = countedAssignments(assignments);
  const schedule = worstOf(
    SCHEDULE_SEVERITY,
    counted.map((a) => a.schedule),
  )!;
  const health = worstOf(
    HEALTH_SEVERITY,
    counted.map((a) => a.health),
  )!;
  let worst = -1;
  let daysLate: number | null = null;
  let lastReportOn: IsoDate | null = null;
  assignments.forEach((a, i) => {
    if (!counted.includes(a)) return;
    if (a.schedule === schedule && (worst < 0 || (a.daysLate ?? 0) > (assignments[worst]!.daysLate ?? 0))) {
      worst = i;
    }
    if (a.daysLate !== null && (daysLate === null || a.daysLate > daysLate)) daysLate = a.daysLate;
    if (a.lastReportOn !== null && (lastReportOn === null || a.lastReportOn > lastReportOn)) {
      lastReportOn = a.lastReportOn;
    }
  });
  return {
    lifecycle: derived.lifecycle,
    percent: derived.percent,
    percentRange: derived.percentRange,
    dueDate: derived.dueDate,
    submittedOn: derived.submittedOn,
    acceptedOn: derived.acceptedOn,
    lastReportOn,
    schedule,
    daysLate,
    health,
    worst,
  };
}
