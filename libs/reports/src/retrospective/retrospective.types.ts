import type { IsoDate } from '@app/platform';
import type { MilestoneLifecycle, PlanPeriod } from '@app/milestones';

/**
 * The outcome of a milestone in a year-end review (年度回顾结果), judged as of 31 December of the year:
 * - `met_on_time` 按期完成: accepted (销号), claimed completion date on or before the (current) due date;
 * - `met_late` 逾期完成: accepted, completed after the due date but within the year (days late);
 * - `awaiting_verification` 待核验: completion claimed within the year, not yet accepted or returned;
 * - `partly_met` 部分完成: open, with progress above 0% or an indicator value reported;
 * - `missed` 未完成: open, nothing reported (or back to 0% after a return);
 * - `rebaselined` 调整完成时限: the due date was moved past the year and it was not completed in the year;
 * - `cancelled` 已取消: cancelled by the supervising office, or withdrawn from the plan;
 * - `not_due` 未到期: only in a provisional review (the year is not over at `knownAt`): due later this year.
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

/** Kinds of reasons quoted from the history (滞后原因). */
export const REASON_KINDS = [
  'delay',
  'return',
  'rebaseline',
  'cancellation',
  'target_revision',
  'progress_decrease',
  'withdrawal',
] as const;
export type ReasonKind = (typeof REASON_KINDS)[number];

export const REASON_KIND_LABELS_ZH: { readonly [K in ReasonKind]: string } = {
  delay: '报告延期',
  return: '退回',
  rebaseline: '调整完成时限',
  cancellation: '取消',
  target_revision: '调整指标目标',
  progress_decrease: '进度回调',
  withdrawal: '移出计划',
};

/** A reason given in the history, quoted as written, with when and by which unit. */
export interface ReasonEntry {
  readonly milestoneId: string;
  readonly kind: ReasonKind;
  readonly kindLabel: string;
  /** The reason exactly as given. */
  readonly text: string;
  /** What came with it: forecast date, due dates from → to, target from → to. */
  readonly detail: string | null;
  /** The calendar day it happened (plan time zone). */
  readonly occurredOn: IsoDate;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly backdated: boolean;
  /** The reporting unit's name, or the role (督查室) for the supervising office. */
  readonly unit: string;
  /** The token (person or account) that reported it. */
  readonly reportedBy: string | null;
  /** It happened after 31 December of the reviewed year. */
  readonly afterYearEnd: boolean;
}

export interface IndicatorReview {
  readonly milestoneId: string;
  readonly metric: string;
  readonly comparator: string;
  readonly unit: string;
  readonly source: string;
  /** The plan's target. */
  readonly baselineTarget: number;
  /** The target as of the year end (after revisions). */
  readonly target: number;
  /** The latest value reported by the year end, or null. */
  readonly actual: number | null;
  /** actual ÷ target (for `<=`: target ÷ actual, 1 when within); null without a value. */
  readonly attainment: number | null;
  /** Whether the target is reached; null without a value. */
  readonly met: boolean | null;
}

export interface RebaselineEntry {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly reason: string;
  readonly on: IsoDate;
  readonly unit: string;
}

export interface MilestoneReview {
  readonly milestoneId: string;
  readonly section: number;
  readonly taskNo: number;
  readonly taskTitle: string;
  readonly text: string;
  readonly period: PlanPeriod;
  readonly zones: readonly string[];
  readonly districts: readonly string[];
  /** 牵头单位 (names). */
  readonly leadUnits: readonly string[];
  /** 配合单位 (names). */
  readonly cooperatingUnits: readonly string[];
  readonly baselineDueDate: IsoDate;
  /** The due date as of the year end (re-baselined or not). */
  readonly dueDate: IsoDate;
  /** Planned for an earlier year, moved (re-baselined) into this one while still open. */
  readonly carriedOver: boolean;
  readonly outcome: Outcome;
  readonly outcomeLabel: string;
  readonly lifecycle: MilestoneLifecycle;
  readonly lifecycleLabel: string;
  /** The claimed completion date (accepted or awaiting verification). */
  readonly completedOn: IsoDate | null;
  readonly acceptedOn: IsoDate | null;
  /** Days after the due date of the completion date (met late, or a late claim awaiting verification). */
  readonly daysLate: number | null;
  /** Days after the plan's (baseline) due date of the completion date, when positive. */
  readonly daysLateVsBaseline: number | null;
  /** The last reported percent as of the year end. */
  readonly percent: number | null;
  /** Mean attainment of the indicators with a value, each capped at 100%; null when none has a value. */
  readonly indicatorAttainment: number | null;
  readonly indicatorsMet: number;
  readonly indicatorsReported: number;
  readonly indicators: readonly IndicatorReview[];
  /** Due-date moves up to the year end: from → to, why. */
  readonly rebaselines: readonly RebaselineEntry[];
  readonly cancellation: { readonly reason: string; readonly on: IsoDate; readonly unit: string } | null;
  readonly reasons: readonly ReasonEntry[];
  readonly lastReportOn: IsoDate | null;
  readonly reports: number;
  readonly alertsRaised: number;
  /** The outcome as it was known at the year end (reports recorded by 31 December 24:00). */
  readonly yearEndOutcome: Outcome;
  /** A completion after the year (the year's outcome stays as it was on 31 December). */
  readonly laterCompletion: {
    readonly completedOn: IsoDate;
    readonly accepted: boolean;
    readonly daysLate: number;
  } | null;
}

/** A milestone whose period spans this year but which is due in a later year: its progress so far. */
export interface MultiYearProgress {
  readonly milestoneId: string;
  readonly section: number;
  readonly taskNo: number;
  readonly taskTitle: string;
  readonly text: string;
  readonly period: PlanPeriod;
  readonly dueDate: IsoDate;
  readonly leadUnits: readonly string[];
  readonly lifecycle: MilestoneLifecycle;
  readonly lifecycleLabel: string;
  readonly percent: number | null;
  /** Linear expectation from 1 January of the first year to the due date, at the as-of date (0–100). */
  readonly expectedPercent: number;
  readonly lastReportOn: IsoDate | null;
  readonly forecastDate: IsoDate | null;
  readonly delays: number;
}

export interface RollupRow {
  readonly key: string;
  readonly label: string;
  readonly milestones: number;
  readonly counts: OutcomeCounts;
  /** Milestones judged: all but cancelled and not yet due. */
  readonly judged: number;
  /** met on time ÷ judged; null when nothing is judged. */
  readonly onTimeRate: number | null;
  /** Mean and maximum days late of the milestones met late; null when none. */
  readonly meanDaysLate: number | null;
  readonly maxDaysLate: number | null;
}

export const ROLLUP_DIMENSIONS = ['zone', 'district', 'leadUnit', 'section'] as const;
export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];

export const ROLLUP_DIMENSION_LABELS_ZH: { readonly [D in RollupDimension]: string } = {
  zone: '功能区',
  district: '市区',
  leadUnit: '牵头单位',
  section: '板块',
};

export type Rollups = { readonly [D in RollupDimension]: readonly RollupRow[] };

export interface AlertRuleSummary {
  readonly rule: string;
  readonly label: string;
  readonly raised: number;
  readonly acknowledged: number;
  readonly unacknowledged: number;
  /** Median time from raising to acknowledgement, in hours (1 decimal); null when none acknowledged. */
  readonly medianHoursToAcknowledge: number | null;
}

export interface AlertSummary {
  readonly raised: number;
  readonly acknowledged: number;
  readonly unacknowledged: number;
  readonly medianHoursToAcknowledge: number | null;
  readonly byRule: readonly AlertRuleSummary[];
}

/** A report about the year recorded after its end. */
export interface LateReport {
  readonly milestoneId: string;
  readonly type: string;
  readonly label: string;
  readonly summary: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly unit: string;
  readonly reportedBy: string | null;
}

export interface OutcomeChange {
  readonly milestoneId: string;
  readonly taskTitle: string;
  /** null: the milestone was not in the earlier list. */
  readonly from: Outcome | null;
  readonly fromLabel: string;
  readonly to: Outcome | null;
  readonly toLabel: string;
}

export interface YearEndComparison {
  /** 31 December 24:00 in the plan's time zone (ISO instant): reports recorded before it were known at year end. */
  readonly cutoff: string;
  /** The last event position recorded before the cutoff (0 when none). */
  readonly position: number;
  readonly counts: OutcomeCounts;
  readonly lateReports: readonly LateReport[];
  readonly changes: readonly OutcomeChange[];
}

/** The books of the year were closed (`YearClosed`): its figures and what changed since. */
export interface ClosingView {
  readonly closedAt: string;
  readonly closedBy: string;
  readonly note: string | null;
  /** The event position the closed figures were computed at. */
  readonly position: number;
  /** The position of the `YearClosed` event itself. */
  readonly eventPosition: number;
  readonly totals: RollupRow;
  readonly rollups: Rollups;
  readonly changes: readonly OutcomeChange[];
}

export interface RetrospectiveReport {
  readonly report: 'retrospective';
  readonly version: 1;
  readonly plan: { readonly key: string; readonly title: string };
  readonly year: number;
  readonly timeZone: string;
  /** The date outcomes are judged at: 31 December, or earlier in a provisional review. */
  readonly asOf: IsoDate;
  /** The year was not over at `knownAt` (or now): outcomes are provisional. */
  readonly provisional: boolean;
  /** Only reports recorded at or before this instant count (null: everything up to `position`). */
  readonly knownAt: string | null;
  /** The last event position recorded at or before `knownAt` (null without `knownAt`). */
  readonly knownAtPosition: number | null;
  /** The event position the review was computed at: events after it are not included. */
  readonly position: number;
  readonly totals: RollupRow;
  readonly rollups: Rollups;
  readonly milestones: readonly MilestoneReview[];
  readonly inProgress: readonly MultiYearProgress[];
  readonly alerts: AlertSummary;
  readonly yearEnd: YearEndComparison;
  readonly closing: ClosingView | null;
}
