import type { LeadMode, MilestoneLifecycle, PlanPeriod } from '@app/milestones';
import type { IsoDate } from '@app/platform';
import type { Outcome, OutcomeCounts } from './outcome';

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

/** A reason given in the history, quoted as written, with when, by which unit, and which assignments it concerned. */
export interface ReasonEntry {
  readonly milestoneId: string;
  /** The assignments (承办事项, by key) the event concerned. */
  readonly assignments: readonly string[];
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
  /** The assignment whose value this is (its lead unit's own actual). */
  readonly assignment: string;
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
  readonly assignments: readonly string[];
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly reason: string;
  readonly on: IsoDate;
  readonly unit: string;
}

export interface Cancellation {
  readonly reason: string;
  readonly on: IsoDate;
  readonly unit: string;
}

export interface LaterCompletion {
  readonly completedOn: IsoDate;
  readonly accepted: boolean;
  readonly daysLate: number;
}

/** What the review says of an assignment and, derived from them, of a milestone. */
export interface OutcomeReview {
  readonly outcome: Outcome;
  readonly outcomeLabel: string;
  readonly lifecycle: MilestoneLifecycle;
  readonly lifecycleLabel: string;
  /** The due date as of the year end (re-baselined or not). */
  readonly dueDate: IsoDate;
  /** The claimed completion date (accepted or awaiting verification). */
  readonly completedOn: IsoDate | null;
  readonly acceptedOn: IsoDate | null;
  /** Days after the due date of the completion date (met late, or a late claim awaiting verification). */
  readonly daysLate: number | null;
  /** Days after the plan's (baseline) due date of the completion date, when positive. */
  readonly daysLateVsBaseline: number | null;
  /** The last reported percent as of the year end (a milestone: the mean of its assignments). */
  readonly percent: number | null;
  /** Mean attainment of the indicator values, each capped at 100%; null when none has a value. */
  readonly indicatorAttainment: number | null;
  readonly indicatorsMet: number;
  readonly indicatorsReported: number;
  readonly indicators: readonly IndicatorReview[];
  /** Due-date moves up to the year end: from → to, why. */
  readonly rebaselines: readonly RebaselineEntry[];
  readonly cancellation: Cancellation | null;
  readonly reasons: readonly ReasonEntry[];
  readonly lastReportOn: IsoDate | null;
  /** Progress, delay and completion reports about the year. */
  readonly reports: number;
  /** The outcome as it was known at the year end (reports recorded by 31 December 24:00). */
  readonly yearEndOutcome: Outcome;
  /** A completion after the year (the year's outcome stays as it was on 31 December). */
  readonly laterCompletion: LaterCompletion | null;
}

/** 承办事项: one lead unit's share of a milestone (one for a single-lead or jointly led milestone). */
export interface AssignmentReview extends OutcomeReview {
  /** The lead unit's id when one unit leads it; `joint` (共同牵头) or `unassigned`. */
  readonly key: string;
  readonly leadUnitIds: readonly string[];
  /** 牵头单位 (names). */
  readonly leadUnits: readonly string[];
}

export interface MilestoneReview extends OutcomeReview {
  readonly milestoneId: string;
  readonly section: number;
  readonly taskNo: number;
  readonly taskTitle: string;
  readonly text: string;
  readonly period: PlanPeriod;
  /** The zones the task names; empty for a city-wide (全市) task. */
  readonly zones: readonly string[];
  readonly districts: readonly string[];
  /** 全市: grouped under `全市` in the zone roll-up. */
  readonly cityWide: boolean;
  /** single 单独牵头 | separately 分别牵头 (one assignment per lead unit) | jointly 共同牵头. */
  readonly leadMode: LeadMode;
  /** 牵头单位 (names). */
  readonly leadUnits: readonly string[];
  /** 配合单位 (names). */
  readonly cooperatingUnits: readonly string[];
  readonly baselineDueDate: IsoDate;
  /** Planned for an earlier year, moved (re-baselined) into this one while still open. */
  readonly carriedOver: boolean;
  /** Lowest and highest percent of its assignments, when there are several. */
  readonly percentRange: { readonly min: number; readonly max: number } | null;
  /** How many of its assignments had each outcome (the milestone's outcome is the worst of them). */
  readonly assignmentCounts: OutcomeCounts;
  readonly alertsRaised: number;
  /** The assignments reviewed this year, in plan order (a carried-over milestone: the ones carried over). */
  readonly assignments: readonly AssignmentReview[];
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
  /** The mean of its assignments' percents, and their spread when there are several. */
  readonly percent: number | null;
  readonly percentRange: { readonly min: number; readonly max: number } | null;
  /** Linear expectation from 1 January of the first year to the due date, at the as-of date (0–100). */
  readonly expectedPercent: number;
  readonly lastReportOn: IsoDate | null;
  /** The latest forecast completion date any assignment stated. */
  readonly forecastDate: IsoDate | null;
  readonly delays: number;
}

/** A report about the year recorded after its end. */
export interface LateReport {
  readonly milestoneId: string;
  readonly assignments: readonly string[];
  readonly type: string;
  readonly label: string;
  readonly summary: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly unit: string;
  readonly reportedBy: string | null;
}
