/** GET /api/v1/reports/retrospective/:year?format=json — the year-end review, as the dashboard reads it. */

export interface RollupRow {
  key: string;
  label: string;
  /** What the row counts: milestones, or a lead unit's assignments (承办事项). */
  counted: 'milestones' | 'assignments';
  total: number;
  counts: Record<string, number>;
  judged: number;
  /** 年度按期完成率 */
  metOnTimeRate: number | null;
  meanDaysLate: number | null;
  maxDaysLate: number | null;
}

export interface ReviewMilestone {
  milestoneId: string;
  taskNo: number;
  taskTitle: string;
  outcome: string;
  outcomeLabel: string;
  daysLate: number | null;
  percent: number | null;
  leadUnits: string[];
  assignments: {
    key: string;
    leadUnits: string[];
    outcome: string;
    outcomeLabel: string;
    daysLate: number | null;
  }[];
  reasons: { kindLabel: string; text: string; occurredOn: string; unit: string }[];
  laterCompletion: { completedOn: string; accepted: boolean; daysLate: number } | null;
}

export interface Review {
  year: number;
  asOf: string;
  provisional: boolean;
  knownAt: string | null;
  position: number;
  definitions: { metOnTimeRate: { en: string; zh: string } };
  totals: RollupRow;
  assignmentTotals: RollupRow;
  rollups: Record<string, RollupRow[]>;
  milestones: ReviewMilestone[];
  alerts: {
    raised: number;
    acknowledged: number;
    unacknowledged: number;
    medianHoursToAcknowledge: number | null;
  };
  yearEnd: {
    cutoff: string;
    counts: Record<string, number>;
    lateReports: unknown[];
    changes: { milestoneId: string; taskTitle: string; fromLabel: string; toLabel: string }[];
  };
}

/** A milestone's outcomes in a year, in the order the review lists them. */
export const OUTCOMES: [string, string][] = [
  ['met_on_time', '按期完成'],
  ['met_late', '逾期完成'],
  ['awaiting_verification', '待核验'],
  ['partly_met', '部分完成'],
  ['missed', '未完成'],
  ['rebaselined', '调整时限'],
  ['cancelled', '已取消'],
  ['not_due', '未到期'],
];
