import { daysFromTo, worstOf, type IndicatorState, type AssessmentFacts } from '@app/milestones';
import type { IsoDate } from '@app/platform';

/**
 * The outcome of a milestone's assignment (承办事项) in a year-end review (年度回顾结果), judged as of 31 December:
 * - `met_on_time` 按期完成: accepted (销号), claimed completion date on or before the (current) due date;
 * - `met_late` 逾期完成: accepted, completed after the due date but within the year (days late);
 * - `awaiting_verification` 待核验: completion claimed within the year, not yet accepted or returned;
 * - `partly_met` 部分完成: open, with progress above 0% or an indicator value reported;
 * - `missed` 未完成: open, nothing reported (or back to 0% after a return);
 * - `rebaselined` 调整完成时限: the due date was moved past the year and it was not completed in the year;
 * - `cancelled` 已取消: cancelled by the supervising office, or withdrawn from the plan;
 * - `not_due` 未到期: only in a provisional review (the year is not over at `knownAt`): due later this year.
 * A milestone's outcome is its worst assignment's (`OUTCOME_SEVERITY`), never an average.
 */
export const OUTCOMES = [
  'met_on_time',
  'met_late',
  'awaiting_verification',
  'partly_met',
  'missed',
  'rebaselined',
  'cancelled',
  'not_due',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS_ZH: { readonly [O in Outcome]: string } = {
  met_on_time: '按期完成',
  met_late: '逾期完成',
  awaiting_verification: '待核验',
  partly_met: '部分完成',
  missed: '未完成',
  rebaselined: '调整完成时限',
  cancelled: '已取消',
  not_due: '未到期',
};

/**
 * Worst first: what a milestone with several assignments shows. A part met late makes the milestone late even
 * while another part is not due yet; cancelled counts only when every assignment is cancelled.
 */
export const OUTCOME_SEVERITY: readonly Outcome[] = [
  'missed',
  'partly_met',
  'rebaselined',
  'awaiting_verification',
  'met_late',
  'not_due',
  'met_on_time',
  'cancelled',
];

/** The milestone's outcome: its worst assignment's. */
export function worstOutcome(outcomes: Iterable<Outcome>): Outcome {
  return worstOf(OUTCOME_SEVERITY, outcomes) ?? 'cancelled';
}

export type OutcomeCounts = { [O in Outcome]: number };

export function zeroCounts(): OutcomeCounts {
  return {
    met_on_time: 0,
    met_late: 0,
    awaiting_verification: 0,
    partly_met: 0,
    missed: 0,
    rebaselined: 0,
    cancelled: 0,
    not_due: 0,
  };
}

export function countOutcomes(items: Iterable<{ readonly outcome: Outcome }>): OutcomeCounts {
  const counts = zeroCounts();
  for (const i of items) counts[i.outcome]++;
  return counts;
}

export interface OutcomeJudgement {
  readonly outcome: Outcome;
  /** The claimed completion date (accepted or awaiting verification). */
  readonly completedOn: IsoDate | null;
  /** Days after the (current) due date of the completion date, when positive. */
  readonly daysLate: number | null;
  /** Days after the plan's (baseline) due date of the completion date, when positive. */
  readonly daysLateVsBaseline: number | null;
}

const yearOf = (d: IsoDate): number => Number(d.slice(0, 4));

/**
 * The outcome of one assignment from its facts as of `asOf` (the last day of the reviewed year, or earlier), as
 * the assessment rules see them (`assignmentFacts`), and its indicator values.
 */
export function classifyOutcome(
  facts: Pick<
    AssessmentFacts,
    'lifecycle' | 'dueDate' | 'baselineDueDate' | 'submittedOn' | 'acceptedOn' | 'percent'
  >,
  indicators: readonly Pick<IndicatorState, 'actual'>[],
  asOf: IsoDate,
  year: number,
): OutcomeJudgement {
  const none = { completedOn: null, daysLate: null, daysLateVsBaseline: null };
  switch (facts.lifecycle) {
    case 'cancelled':
    case 'withdrawn':
      return { outcome: 'cancelled', ...none };
    case 'accepted':
    case 'submitted': {
      const completedOn = facts.submittedOn ?? facts.acceptedOn ?? asOf;
      const late = daysFromTo(facts.dueDate, completedOn);
      const vsBaseline = daysFromTo(facts.baselineDueDate, completedOn);
      const outcome: Outcome =
        facts.lifecycle === 'submitted' ? 'awaiting_verification' : late > 0 ? 'met_late' : 'met_on_time';
      return {
        outcome,
        completedOn,
        daysLate: late > 0 ? late : null,
        daysLateVsBaseline: vsBaseline > 0 ? vsBaseline : null,
      };
    }
    case 'planned':
    case 'in_progress':
    case 'returned': {
      if (facts.dueDate > asOf) {
        return { outcome: yearOf(facts.dueDate) > year ? 'rebaselined' : 'not_due', ...none };
      }
      const progressed =
        (facts.percent ?? 0) > 0 || indicators.some((i) => i.actual !== null && i.actual !== 0);
      return { outcome: progressed ? 'partly_met' : 'missed', ...none };
    }
    default: {
      const unknown: never = facts.lifecycle;
      throw new Error(`Unexpected lifecycle ${String(unknown)}`);
    }
  }
}
