import * as milestones from '@app/milestones';
import type { AssessmentFacts } from '@app/milestones';
import type { IsoDate } from '@app/platform';
import { isoOfDay, NO_DAY, type PackedFacts } from '../milestone-board/version-pack';
import type { AssignmentEntry, MilestoneEntry } from './board-entries';
import { ABSENT, BoardEvaluationArrays } from './board-evaluation-arrays';
import type { EventLoopTurns } from './event-loop-turns';
import { milestoneAnswer, type AssignmentAnswer } from './milestone-answer';

// Bound once: through the lib's re-exports a call costs a getter per access (CommonJS), for every assignment.
const { dayNumber, HEALTH_COLOURS, MILESTONE_LIFECYCLES, scheduleAt, SCHEDULE_STATES } = milestones;

/** A date and a knowledge (null: everything recorded). */
export interface TimeTravelKey {
  readonly asOf: IsoDate;
  readonly knownAt: Date | null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const LIFECYCLE_INDEX = new Map(MILESTONE_LIFECYCLES.map((l, i) => [l, i]));
const SCHEDULE_INDEX = new Map(SCHEDULE_STATES.map((s, i) => [s, i]));
const HEALTH_INDEX = new Map(HEALTH_COLOURS.map((h, i) => [h, i]));

/**
 * The board as of one date, as known at one instant: per assignment and per milestone, indexed by their entries'
 * `index`, in typed arrays (lifecycle, schedule, health as indexes in MILESTONE_LIFECYCLES, SCHEDULE_STATES,
 * HEALTH_COLOURS; `ABSENT` when not in the plan then; days as day numbers, `NO_DAY` for none; days late 0 when not
 * late). Assignments are judged by the rules (`scheduleAt`, the version's health steps), milestones by
 * `milestoneAnswer`, exactly as the board view of one milestone is (`milestone-board.view.ts`).
 */
export class BoardEvaluation extends BoardEvaluationArrays {
  readonly asOf: IsoDate;
  private readonly asOfDay: number;
  private readonly knownMs: number;
  /** The board memory's sync step this evaluation is up to date with (0: none). */
  seq = 0;

  private readonly packed: PackedFacts = {
    lifecycle: 'planned',
    cancelledWithMilestone: false,
    periodFrom: 0,
    percent: null,
    dueDay: 0,
    baselineDay: 0,
    submittedDay: NO_DAY,
    acceptedDay: NO_DAY,
    lastReportDay: NO_DAY,
    health: 'grey',
  };
  private readonly facts: Mutable<AssessmentFacts> = {
    period: { from: 0, to: 0 },
    baselineDueDate: '',
    dueDate: '',
    lifecycle: 'planned',
    percent: null,
    forecastDate: null,
    lastReportOn: null,
    submittedOn: null,
    acceptedOn: null,
  };

  constructor(tt: TimeTravelKey) {
    super();
    this.asOf = tt.asOf;
    this.asOfDay = dayNumber(tt.asOf);
    this.knownMs = tt.knownAt === null ? Infinity : tt.knownAt.getTime();
  }

  /** Every milestone, in `turns` (100,000 milestones take about half a second). */
  async evaluateAll(
    milestones: readonly MilestoneEntry[],
    assignmentCount: number,
    seq: number,
    turns: EventLoopTurns,
  ): Promise<void> {
    this.grow(milestones.length, assignmentCount);
    for (const m of milestones) {
      this.evaluateMilestone(m);
      if (turns.due()) await turns.give();
    }
    this.seq = seq;
  }

  /** The milestones `changed` (by index), in `turns`. */
  async evaluateSome(
    milestones: readonly MilestoneEntry[],
    changed: ReadonlySet<number>,
    assignmentCount: number,
    seq: number,
    turns: EventLoopTurns,
  ): Promise<void> {
    this.grow(milestones.length, assignmentCount);
    for (const i of changed) {
      this.evaluateMilestone(milestones[i]!);
      if (turns.due()) await turns.give();
    }
    this.seq = seq;
  }

  private evaluateMilestone(m: MilestoneEntry): void {
    const i = m.index;
    let baseline = NO_DAY;
    let present = 0;
    for (const a of m.assignments) {
      const day = this.evaluateAssignment(a);
      if (day !== NO_DAY) {
        baseline = day;
        present++;
      }
    }
    if (present === 0) {
      this.mLife[i] = ABSENT;
      return;
    }
    this.mBaseline[i] = baseline;
    this.mYear[i] = Number(isoOfDay(baseline)!.slice(0, 4));
    if (m.assignments.length === 1) {
      // `milestoneAnswer` of one assignment, without the objects: its own values.
      const j = m.assignments[0]!.index;
      this.mLife[i] = this.aLife[j]!;
      this.mSched[i] = this.aSched[j]!;
      this.mHealth[i] = this.aHealth[j]!;
      this.mLate[i] = this.aLate[j]!;
      this.mPercent[i] = this.aPercent[j]!;
      this.mDue[i] = this.aDue[j]!;
      this.mLastReport[i] = this.aLastReport[j]!;
      this.mSubmitted[i] = this.aSubmitted[j]!;
      return;
    }
    const answers: AssignmentAnswer[] = [];
    for (const a of m.assignments) if (this.aLife[a.index] !== ABSENT) answers.push(this.answerOf(a.index));
    const r = milestoneAnswer(answers);
    this.mLife[i] = LIFECYCLE_INDEX.get(r.lifecycle)!;
    this.mSched[i] = SCHEDULE_INDEX.get(r.schedule)!;
    this.mHealth[i] = HEALTH_INDEX.get(r.health)!;
    this.mLate[i] = r.daysLate ?? 0;
    this.mPercent[i] = r.percent ?? NaN;
    this.mDue[i] = r.dueDate === '' ? NO_DAY : dayNumber(r.dueDate);
    this.mLastReport[i] = r.lastReportOn === null ? NO_DAY : dayNumber(r.lastReportOn);
    this.mSubmitted[i] = r.submittedOn === null ? NO_DAY : dayNumber(r.submittedOn);
  }

  /** Evaluates one assignment; its baseline day, or NO_DAY when it is not in the plan then. */
  private evaluateAssignment(a: AssignmentEntry): number {
    const j = a.index;
    const o = a.pack.find(this.asOfDay, this.knownMs);
    if (o < 0) {
      this.aLife[j] = ABSENT;
      return NO_DAY;
    }
    const p = this.packed;
    a.pack.read(o, this.asOfDay, p);
    const f = this.facts;
    f.lifecycle = p.lifecycle;
    f.dueDate = isoOfDay(p.dueDay)!;
    f.baselineDueDate = isoOfDay(p.baselineDay)!;
    f.submittedOn = isoOfDay(p.submittedDay);
    f.acceptedOn = isoOfDay(p.acceptedDay);
    const s = scheduleAt(f, this.asOf);
    this.aLife[j] = LIFECYCLE_INDEX.get(p.lifecycle)!;
    this.aWhole[j] = p.cancelledWithMilestone ? 1 : 0;
    this.aSched[j] = SCHEDULE_INDEX.get(s.state)!;
    this.aHealth[j] = HEALTH_INDEX.get(p.health)!;
    this.aLate[j] = s.daysLate !== undefined && s.daysLate > 0 ? s.daysLate : 0;
    this.aPercent[j] = p.percent ?? NaN;
    this.aDue[j] = p.dueDay;
    this.aSubmitted[j] = p.submittedDay;
    this.aLastReport[j] = p.lastReportDay;
    return p.baselineDay;
  }
}
