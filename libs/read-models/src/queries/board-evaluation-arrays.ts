// A board evaluation's typed arrays (`BoardEvaluation`): what they hold, how they grow, how a value is read back.
import * as milestones from '@app/milestones';
import type { HealthColour, MilestoneLifecycle, ScheduleState } from '@app/milestones';
import { isoOfDay, NO_DAY } from '../milestone-board/version-pack';
import type { AssignmentAnswer } from './milestone-answer';

// Bound once: through the lib's re-exports a call costs a getter per access (CommonJS), for every assignment.
const { HEALTH_COLOURS, MILESTONE_LIFECYCLES, SCHEDULE_STATES } = milestones;

/** Not in the plan as of the date (as known then). */
export const ABSENT = 255;

function grown<A extends Uint8Array | Int32Array | Float32Array | Int16Array>(
  a: A,
  size: number,
  fill: number,
): A {
  if (a.length >= size) return a;
  const next = new (a.constructor as new (n: number) => A)(Math.max(size, a.length * 2, 64));
  next.set(a);
  next.fill(fill, a.length);
  return next;
}

/** Per assignment and per milestone, indexed by their entries' `index`: what `BoardEvaluation` evaluates into. */
export class BoardEvaluationArrays {
  aLife = new Uint8Array(0);
  /** 1: cancelled with the whole milestone. */
  aWhole = new Uint8Array(0);
  aSched = new Uint8Array(0);
  aHealth = new Uint8Array(0);
  aLate = new Int32Array(0);
  aPercent = new Float32Array(0);
  aDue = new Int32Array(0);
  aSubmitted = new Int32Array(0);
  aLastReport = new Int32Array(0);

  mLife = new Uint8Array(0);
  mSched = new Uint8Array(0);
  mHealth = new Uint8Array(0);
  mLate = new Int32Array(0);
  mPercent = new Float32Array(0);
  mDue = new Int32Array(0);
  mBaseline = new Int32Array(0);
  mLastReport = new Int32Array(0);
  mSubmitted = new Int32Array(0);
  mYear = new Int16Array(0);

  lifecycleOf(i: number): MilestoneLifecycle | undefined {
    return MILESTONE_LIFECYCLES[this.mLife[i]!];
  }

  scheduleOf(i: number): ScheduleState {
    return SCHEDULE_STATES[this.mSched[i]!]!;
  }

  healthOf(i: number): HealthColour {
    return HEALTH_COLOURS[this.mHealth[i]!]!;
  }

  protected grow(milestones: number, assignments: number): void {
    this.aLife = grown(this.aLife, assignments, ABSENT);
    this.aWhole = grown(this.aWhole, assignments, 0);
    this.aSched = grown(this.aSched, assignments, 0);
    this.aHealth = grown(this.aHealth, assignments, 0);
    this.aLate = grown(this.aLate, assignments, 0);
    this.aPercent = grown(this.aPercent, assignments, NaN);
    this.aDue = grown(this.aDue, assignments, NO_DAY);
    this.aSubmitted = grown(this.aSubmitted, assignments, NO_DAY);
    this.aLastReport = grown(this.aLastReport, assignments, NO_DAY);
    this.mLife = grown(this.mLife, milestones, ABSENT);
    this.mSched = grown(this.mSched, milestones, 0);
    this.mHealth = grown(this.mHealth, milestones, 0);
    this.mLate = grown(this.mLate, milestones, 0);
    this.mPercent = grown(this.mPercent, milestones, NaN);
    this.mDue = grown(this.mDue, milestones, NO_DAY);
    this.mBaseline = grown(this.mBaseline, milestones, NO_DAY);
    this.mLastReport = grown(this.mLastReport, milestones, NO_DAY);
    this.mSubmitted = grown(this.mSubmitted, milestones, NO_DAY);
    this.mYear = grown(this.mYear, milestones, 0);
  }

  /** An evaluated assignment as `milestoneAnswer` reads it. */
  answerOf(j: number): AssignmentAnswer {
    const percent = this.aPercent[j]!;
    return {
      lifecycle: MILESTONE_LIFECYCLES[this.aLife[j]!]!,
      cancelledWithMilestone: this.aWhole[j] === 1,
      percent: Number.isNaN(percent) ? null : percent,
      dueDate: isoOfDay(this.aDue[j]!)!,
      submittedOn: isoOfDay(this.aSubmitted[j]!),
      acceptedOn: null,
      lastReportOn: isoOfDay(this.aLastReport[j]!),
      schedule: SCHEDULE_STATES[this.aSched[j]!]!,
      daysLate: this.aLate[j]! > 0 ? this.aLate[j]! : null,
      health: HEALTH_COLOURS[this.aHealth[j]!]!,
      closedReason: null,
      closedOn: null,
    };
  }
}
