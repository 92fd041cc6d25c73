import { addDays, daysBetween, type IsoDate } from '@app/platform';
import { maxDay, minDay } from './demo-calendar';
import type { DemoActor, DemoDiligence, DemoMilestone, DemoOutcome } from './demo-model';
import { prng, type Prng } from './prng';
import { shortTitle } from './demo-texts';

/** Who acts on one assignment (承办事项) of a milestone, and the generator its history is drawn from. */
export interface AssignmentRun {
  readonly seed: string;
  readonly m: DemoMilestone;
  /** The assignment's key. */
  readonly key: string;
  /** Written into every command when the milestone has several assignments (they name theirs). */
  readonly scoped: { readonly assignment?: string };
  readonly simulationEnd: IsoDate;
  readonly r: Prng;
  readonly lead: string | undefined;
  readonly leadActor: DemoActor;
  readonly supervisor: DemoActor;
  readonly coops: readonly string[];
  readonly indicators: DemoMilestone['indicators'];
  readonly task: string;
}

/** How the assignment goes, drawn before any command: when the work is done, claimed, returned, delayed. */
export interface Course {
  readonly outcome: DemoOutcome;
  readonly diligence: DemoDiligence;
  readonly start: IsoDate;
  readonly due: IsoDate;
  /** When the work is done (null: never within the simulation). */
  readonly completedOn: IsoDate | null;
  /** The due date after a re-baseline. */
  readonly currentDue: IsoDate;
  readonly rebaselineOn: IsoDate | null;
  readonly cancelOn: IsoDate | null;
  /** A missed assignment's progress stalls here. */
  readonly stallAt: number;
  /** The office returns the first claim (退回). */
  readonly returned: boolean;
  /** The pace the unit works at: days to 100 %. */
  readonly paceDays: number;
  readonly submitOn: IsoDate | null;
  /** The claim falls within the simulation. */
  readonly claimed: boolean;
  /** Reports go on until this day. */
  readonly reportUntil: IsoDate;
  readonly delayOn: IsoDate | null;
  readonly forecast: IsoDate;
  readonly reviseOn: IsoDate | null;
  /** Where the indicators end up (a share of the plan's target). */
  readonly finalFactor: number;
}

/** Draws the lead unit's reporting habit (independent of the order milestones are listed in). */
export function diligenceOf(seed: string, unitId: string): DemoDiligence {
  const r = prng(seed, 'unit', unitId).next();
  if (r < 0.7) return 'monthly';
  if (r < 0.9) return 'irregular';
  return 'sparse';
}

function outcomeOf(r: Prng): DemoOutcome {
  const x = r.next();
  if (x < 0.02) return 'cancelled';
  if (x < 0.05) return 'rebaselined';
  if (x < 0.62) return 'on_time';
  if (x < 0.84) return 'late';
  return 'missed';
}

/** One metric once (the plan sometimes repeats a metric name; the domain takes each metric once). */
function distinctIndicators(m: DemoMilestone): DemoMilestone['indicators'] {
  const seen = new Set<string>();
  return m.indicators.filter((i) => (seen.has(i.metric) ? false : (seen.add(i.metric), true)));
}

/**
 * The run of one assignment. A milestone with one assignment draws from the milestone's own generator (as
 * before assignments existed); each assignment of a 分别牵头 milestone draws from its own.
 */
export function assignmentRun(
  seed: string,
  m: DemoMilestone,
  assignment: DemoMilestone['assignments'][number],
  simulationEnd: IsoDate,
): AssignmentRun {
  const multi = m.assignments.length > 1;
  const lead = assignment.leadUnits[0];
  const supervisor: DemoActor = { role: 'supervisor' };
  return {
    seed,
    m,
    key: assignment.key,
    scoped: multi ? { assignment: assignment.key } : {},
    simulationEnd,
    r: multi ? prng(seed, 'milestone', m.id, assignment.key) : prng(seed, 'milestone', m.id),
    lead,
    leadActor: lead ? { role: 'reporter', unit: lead } : supervisor,
    supervisor,
    coops: m.cooperatingUnits.filter((u) => !m.leadUnits.includes(u)),
    indicators: distinctIndicators(m),
    task: shortTitle(m.taskTitle),
  };
}

/** How the assignment goes (the draws in a fixed order: the same seed gives the same course). */
export function drawCourse(run: AssignmentRun): Course {
  const { r, m, lead, simulationEnd } = run;
  const start: IsoDate = `${m.period.from}-01-01`;
  const due = m.dueDate;
  const periodDays = Math.max(30, daysBetween(start, due));
  const diligence: DemoDiligence = lead ? diligenceOf(run.seed, lead) : 'sparse';
  let outcome = outcomeOf(r);
  if (!lead) outcome = 'missed'; // nobody may submit a completion
  let completedOn: IsoDate | null = null;
  let currentDue = due;
  let rebaselineOn: IsoDate | null = null;
  let cancelOn: IsoDate | null = null;
  let stallAt = 100;
  switch (outcome) {
    case 'on_time':
      completedOn = addDays(due, -r.int(3, 45));
      break;
    case 'late':
      completedOn = addDays(due, r.int(10, 150));
      break;
    case 'missed':
      stallAt = r.int(35, 85);
      break;
    case 'rebaselined':
      rebaselineOn = addDays(start, Math.round(periodDays * (0.5 + r.next() * 0.2)));
      currentDue = addDays(due, r.pick([90, 181]));
      completedOn = addDays(currentDue, -r.int(5, 40));
      break;
    case 'cancelled':
      cancelOn = addDays(start, Math.round(periodDays * (0.3 + r.next() * 0.3)));
      break;
  }
  const returned = (outcome === 'on_time' || outcome === 'late') && r.chance(0.12);
  // Reaching 100 % on the completion date (or, for a missed one, well after due).
  const paceDays = Math.max(30, daysBetween(start, completedOn ?? addDays(due, 200)));
  const submitOn = completedOn ? minDay(addDays(completedOn, r.int(0, 6)), addDays(simulationEnd, 1)) : null;
  const claimed = submitOn !== null && submitOn <= simulationEnd;
  // Reports go on until the claim (or the cancellation), or for a missed one a few months past due.
  const reportUntil = claimed
    ? addDays(submitOn, -1)
    : cancelOn
      ? cancelOn
      : outcome === 'missed'
        ? minDay(addDays(due, 30 * r.int(1, 6)), simulationEnd)
        : simulationEnd;
  const slipping = outcome === 'late' || outcome === 'missed';
  // A delay report for late and missed ones, some weeks before the due date (with a reason).
  const delayOn = slipping ? maxDay(addDays(start, 45), addDays(due, -r.int(25, 100))) : null;
  const forecast =
    outcome === 'late' && completedOn ? addDays(completedOn, r.int(-10, 20)) : addDays(due, r.int(90, 180));
  // The office lowers a target now and then on a slipping milestone with indicators.
  const reviseOn =
    slipping && run.indicators.length > 0 && r.chance(0.3) ? addDays(due, -r.int(40, 120)) : null;
  // Now and then short of the target (指标未达标).
  const shortfall = r.chance(0.15);
  const finalFactor = shortfall ? 0.85 + r.next() * 0.12 : 1 + r.next() * 0.2;
  return {
    outcome,
    diligence,
    start,
    due,
    completedOn,
    currentDue,
    rebaselineOn,
    cancelOn,
    stallAt,
    returned,
    paceDays,
    submitOn,
    claimed,
    reportUntil,
    delayOn,
    forecast,
    reviseOn,
    finalFactor,
  };
}
