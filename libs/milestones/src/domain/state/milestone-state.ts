import type { IsoDate } from '@app/platform';
import type { LeadMode, PlanPeriod } from '../milestone.events';
import type { AssignmentState, IndicatorState } from './assignment';
import type { MilestoneLifecycle } from './lifecycle';

/**
 * A milestone: the plan's facts, its assignments (承办事项: one per lead unit of a 分别牵头 task, else one), and what
 * is derived from them (`derive.ts`): cancelled when cancelled as a whole, else accepted when every live
 * assignment is; the due date, submission and acceptance are the latest of them; the percent is their mean, with
 * the spread.
 */
export interface MilestoneState {
  /** False until `MilestonePlanned`. */
  readonly exists: boolean;
  readonly milestoneId: string;
  readonly planKey: string;
  readonly taskNo: number;
  readonly section: number;
  readonly taskTitle: string;
  readonly text: string;
  readonly period: PlanPeriod;
  /** Functional zones; empty when the task is city-wide (全市). */
  readonly zones: readonly string[];
  readonly districts: readonly string[];
  readonly cityWide: boolean;
  /** 牵头单位 */
  readonly leadUnits: readonly string[];
  readonly leadMode: LeadMode;
  /** 配合单位 */
  readonly cooperatingUnits: readonly string[];

  /** Every assignment the milestone ever had, in plan order (withdrawn ones included). */
  readonly assignments: readonly AssignmentState[];

  /** The plan's due date; a re-baseline never changes it (a plan re-import may correct it). */
  readonly baselineDueDate: IsoDate;
  /**
   * The plan's targets, as revised for the whole milestone; with one assignment, its reported values too (with
   * several, each assignment has its own values: see `assignments[i].indicators`).
   */
  readonly indicators: readonly IndicatorState[];

  // Derived from the assignments (see derive.ts).
  readonly lifecycle: MilestoneLifecycle;
  /**
   * Mean of the live assignments' percents (unreported as 0; when cancelled or withdrawn, of the shares it dropped:
   * `countedAssignments`); null when none reported.
   */
  readonly percent: number | null;
  /** Lowest and highest percent of the live assignments, when there are several. */
  readonly percentRange: { readonly min: number; readonly max: number } | null;
  /** The latest due date of the live assignments. */
  readonly dueDate: IsoDate;
  /** Submitted (or accepted) as a whole: the latest claimed completion date. */
  readonly submittedOn: IsoDate | null;
  /** Accepted as a whole: the latest acceptance day. */
  readonly acceptedOn: IsoDate | null;
  /** Why it was cancelled or withdrawn as a whole, and the day. */
  readonly closedReason: string | null;
  readonly closedOn: IsoDate | null;

  readonly planRevisions: number;
  /** Number of events applied: the stream version. */
  readonly version: number;
}

export const initialState: MilestoneState = Object.freeze({
  exists: false,
  milestoneId: '',
  planKey: '',
  taskNo: 0,
  section: 0,
  taskTitle: '',
  text: '',
  period: { from: 0, to: 0 },
  zones: [],
  districts: [],
  cityWide: false,
  leadUnits: [],
  leadMode: 'single',
  cooperatingUnits: [],
  assignments: [],
  baselineDueDate: '',
  indicators: [],
  lifecycle: 'planned',
  percent: null,
  percentRange: null,
  dueDate: '',
  submittedOn: null,
  acceptedOn: null,
  closedReason: null,
  closedOn: null,
  planRevisions: 0,
  version: 0,
});

/** The assignment with this key, if the milestone has it. */
export function assignmentOf(state: MilestoneState, key: string): AssignmentState | undefined {
  return state.assignments.find((a) => a.key === key);
}
