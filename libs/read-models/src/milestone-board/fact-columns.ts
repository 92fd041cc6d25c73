import type { LeadMode, MilestoneLifecycle } from '@app/milestones';
import type { IsoDate } from '@app/platform';
import type { ColumnSpec, ColumnValue } from './bulk-columns';
import type { BoardAssignmentState } from './facts-state';

/*
 * The fact columns of an assignment's version, the same in `rm_milestones` (its latest version) and
 * `rm_milestone_timeline` (every version), and their mapping to `BoardAssignmentState`. node-postgres turns `date` into a
 * local-midnight Date and `bigint` into a string, so every select casts dates to text and every bigint is read
 * with Number().
 */

export const FACT_COLUMNS = [
  'period_from',
  'period_to',
  'lifecycle',
  'percent',
  'forecast_date',
  'last_report_on',
  'baseline_due_date',
  'due_date',
  'submitted_on',
  'accepted_on',
  'last_return_reason',
  'backdated_events',
  'red_flag_in',
  'percent_before_submission',
  'last_progress_ms',
  'forecast_ms',
  'last_report_ms',
  'lifecycle_before_withdrawal',
  'in_plan',
  'plan_lead_units',
  'lead_mode',
] as const;
export type FactColumn = (typeof FACT_COLUMNS)[number];

export const DATE_FACTS: ReadonlySet<string> = new Set<string>([
  'forecast_date',
  'last_report_on',
  'baseline_due_date',
  'due_date',
  'submitted_on',
  'accepted_on',
  'red_flag_in',
]);

/** `alias.col` for each fact column, dates as text. */
export function selectFacts(alias: string): string {
  return FACT_COLUMNS.map((c) => (DATE_FACTS.has(c) ? `${alias}.${c}::text AS ${c}` : `${alias}.${c}`)).join(
    ', ',
  );
}

/** The fact columns for `BulkColumns` (same order as FACT_COLUMNS and `factsValues`). */
export const FACT_SPECS: readonly ColumnSpec<FactColumn>[] = [
  { name: 'period_from', type: 'integer', form: 'plain' },
  { name: 'period_to', type: 'integer', form: 'plain' },
  { name: 'lifecycle', type: 'text', form: 'plain' },
  { name: 'percent', type: 'real', form: 'plain' },
  { name: 'forecast_date', type: 'date', form: 'plain' },
  { name: 'last_report_on', type: 'date', form: 'plain' },
  { name: 'baseline_due_date', type: 'date', form: 'plain' },
  { name: 'due_date', type: 'date', form: 'plain' },
  { name: 'submitted_on', type: 'date', form: 'plain' },
  { name: 'accepted_on', type: 'date', form: 'plain' },
  { name: 'last_return_reason', type: 'text' },
  { name: 'backdated_events', type: 'integer', form: 'plain' },
  { name: 'red_flag_in', type: 'date', form: 'plain' },
  { name: 'percent_before_submission', type: 'real', form: 'plain' },
  { name: 'last_progress_ms', type: 'bigint', form: 'plain' },
  { name: 'forecast_ms', type: 'bigint', form: 'plain' },
  { name: 'last_report_ms', type: 'bigint', form: 'plain' },
  { name: 'lifecycle_before_withdrawal', type: 'text', form: 'plain' },
  { name: 'in_plan', type: 'boolean', form: 'plain' },
  // Joined by U+001F (a replay writes it for every version: cheaper than an array literal to build and to parse).
  { name: 'plan_lead_units', type: 'text', expr: 'string_to_array(x.plan_lead_units, chr(31))' },
  { name: 'lead_mode', type: 'text', form: 'plain' },
];

/** The versions of a milestone share their lead-units array: joined once. */
const joined = new WeakMap<readonly string[], string>();
function joinedUnits(units: readonly string[]): string {
  let j = joined.get(units);
  if (j === undefined) joined.set(units, (j = units.join('\u001f')));
  return j;
}

/** The fact columns' values, in FACT_SPECS order. */
export function factsValues(s: BoardAssignmentState, redFlagIn: IsoDate | null): ColumnValue[] {
  return [
    s.periodFrom,
    s.periodTo,
    s.lifecycle,
    s.percent,
    s.forecastDate,
    s.lastReportOn,
    s.baselineDueDate,
    s.dueDate,
    s.submittedOn,
    s.acceptedOn,
    s.lastReturnReason,
    s.backdatedEvents,
    redFlagIn,
    s.percentBeforeSubmission,
    s.lastProgressMs,
    s.forecastMs,
    s.lastReportMs,
    s.lifecycleBeforeWithdrawal,
    s.inPlan,
    joinedUnits(s.planLeadUnits),
    s.planLeadMode,
  ];
}

export interface FactsRow {
  period_from: number;
  period_to: number;
  lifecycle: MilestoneLifecycle;
  percent: number | null;
  forecast_date: IsoDate | null;
  last_report_on: IsoDate | null;
  baseline_due_date: IsoDate;
  due_date: IsoDate;
  submitted_on: IsoDate | null;
  accepted_on: IsoDate | null;
  last_return_reason: string | null;
  backdated_events: number;
  red_flag_in: IsoDate | null;
  percent_before_submission: number | null;
  last_progress_ms: string | number | null;
  forecast_ms: string | number | null;
  last_report_ms: string | number | null;
  lifecycle_before_withdrawal: MilestoneLifecycle | null;
  in_plan: boolean;
  plan_lead_units: string[];
  lead_mode: LeadMode;
}

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

/** An assignment's facts from a row (its key and lead units come from the board row). */
export function stateFromRow(r: FactsRow, key: string, leadUnits: readonly string[]): BoardAssignmentState {
  return {
    key,
    leadUnits,
    inPlan: r.in_plan,
    planLeadUnits: r.plan_lead_units,
    planLeadMode: r.lead_mode,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    lifecycle: r.lifecycle,
    percent: r.percent,
    percentBeforeSubmission: r.percent_before_submission,
    lastProgressMs: num(r.last_progress_ms),
    forecastDate: r.forecast_date,
    forecastMs: num(r.forecast_ms),
    lastReportMs: num(r.last_report_ms),
    lastReportOn: r.last_report_on,
    baselineDueDate: r.baseline_due_date,
    dueDate: r.due_date,
    submittedOn: r.submitted_on,
    acceptedOn: r.accepted_on,
    lastReturnReason: r.last_return_reason,
    backdatedEvents: r.backdated_events,
    lifecycleBeforeWithdrawal: r.lifecycle_before_withdrawal,
  };
}
