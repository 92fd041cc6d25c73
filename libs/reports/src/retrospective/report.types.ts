import type { IsoDate } from '@app/platform';
import type { Outcome, OutcomeCounts } from './outcome';
import type { LateReport, MilestoneReview, MultiYearProgress } from './review.types';
import type { StandingStatement } from './standing.types';

/** A roll-up row: counts per outcome, never an averaged colour. */
export interface RollupRow {
  readonly key: string;
  readonly label: string;
  /** What the row counts: milestones (zones, districts, sections, totals) or assignments (lead units). */
  readonly counted: 'milestones' | 'assignments';
  readonly total: number;
  readonly counts: OutcomeCounts;
  /** Judged: all but cancelled and not yet due. */
  readonly judged: number;
  /** 年度按期完成率: met on time ÷ judged; null when nothing is judged (see `definitions.metOnTimeRate`). */
  readonly metOnTimeRate: number | null;
  /** Mean and maximum days late of those met late; null when none. */
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
  /** Milestones per outcome as known at the year end. */
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
  /** Absent from closings recorded before assignments were reviewed. */
  readonly assignmentTotals: RollupRow | null;
  readonly rollups: Rollups;
  readonly changes: readonly OutcomeChange[];
}

/** How a figure is defined, next to it (English and Chinese). */
export interface Definition {
  readonly en: string;
  readonly zh: string;
}

export interface RetrospectiveReport {
  readonly report: 'retrospective';
  readonly version: 2;
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
  /** How the rates are defined: `metOnTimeRate`. */
  readonly definitions: { readonly metOnTimeRate: Definition };
  /** Milestones per outcome (a milestone: its worst assignment). */
  readonly totals: RollupRow;
  /** Assignments (承办事项) per outcome. */
  readonly assignmentTotals: RollupRow;
  readonly rollups: Rollups;
  readonly milestones: readonly MilestoneReview[];
  readonly inProgress: readonly MultiYearProgress[];
  /** Standing items (常态化事项): what each unit reported in the year, and its silence at the year end. */
  readonly standing: StandingStatement;
  readonly alerts: AlertSummary;
  readonly yearEnd: YearEndComparison;
  readonly closing: ClosingView | null;
}
