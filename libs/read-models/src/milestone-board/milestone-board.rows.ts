import type { IsoDate } from '@app/platform';
import type { HealthColour } from '../rules/health';
import type { MilestoneLifecycle } from '../rules/milestone-facts';
import type { ColumnSpec, ColumnValue } from './bulk-columns';
import type { FactsState } from './facts-state';
import { withSteps, type HealthStep, type TimelineVersion } from './milestone-timeline';

/*
 * Row shapes of the projection's tables and their mapping to the timeline's values. node-postgres turns `date`
 * into a local-midnight Date and `bigint` into a string, so every select casts dates to text and every bigint
 * is read with Number().
 */

/** The fact columns, the same in `rm_milestones` (latest version) and `rm_milestone_timeline` (every version). */
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
] as const;
export type FactColumn = (typeof FACT_COLUMNS)[number];

const DATE_COLUMNS = new Set<string>([
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
  return FACT_COLUMNS.map((c) =>
    DATE_COLUMNS.has(c) ? `${alias}.${c}::text AS ${c}` : `${alias}.${c}`,
  ).join(', ');
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
];

/** The fact columns' values, in FACT_SPECS order. */
export function factsValues(s: FactsState, redFlagIn: IsoDate | null): ColumnValue[] {
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
}

/** Static plan data of a milestone (from MilestonePlanned / MilestoneAdded; the text from MilestoneRevised). */
export interface PlanColumns {
  plan_key: string;
  task_no: number;
  section: number;
  task_title: string;
  text: string;
  zones: string[];
  districts: string[];
  lead_units: string[];
  cooperating_units: string[];
}

/** What the projection reads back of a board row: the latest version and its health steps. */
export interface BoardStateRow extends FactsRow {
  milestone_id: string;
  health_on: IsoDate[];
  health_colour: HealthColour[];
  health_codes: string[];
  before_colour: HealthColour | null;
  before_codes: string | null;
  last_effective_on: IsoDate;
  last_event_type: string;
  known_through_ms: string | number;
  position: string | number;
}

// Arrays as JSON: JSON.parse is native, node-postgres parses array literals in JavaScript.
const BOARD_STATE_COLUMNS = `milestone_id, ${selectFacts('b')}, to_json(health_on) AS health_on,
  to_json(health_colour) AS health_colour, to_json(health_codes) AS health_codes, before_colour, before_codes, last_effective_on::text AS last_effective_on, last_event_type,
  floor(extract(epoch FROM known_through) * 1000)::bigint AS known_through_ms, position`;

export const SELECT_BOARD_STATE = `SELECT ${BOARD_STATE_COLUMNS} FROM rm_milestones b`;

export interface BoardRow extends BoardStateRow, PlanColumns {
  stream_version: number;
}

export const SELECT_BOARD = `SELECT ${BOARD_STATE_COLUMNS}, plan_key, task_no, section, task_title, text, zones,
  districts, lead_units, cooperating_units, stream_version FROM rm_milestones b`;

export interface TimelineRow extends FactsRow {
  milestone_id: string;
  effective_on: IsoDate;
  position: string | number;
  known_from: Date;
  event_type: string;
  backdated: boolean;
}

export const SELECT_CURRENT_VERSIONS = `SELECT DISTINCT ON (milestone_id, effective_on)
    milestone_id, effective_on::text AS effective_on, position, known_from, event_type, backdated, ${selectFacts('t')}
  FROM rm_milestone_timeline t WHERE milestone_id = ANY($1)
  ORDER BY milestone_id, effective_on, position DESC`;

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

export function stateFromRow(r: FactsRow): FactsState {
  return {
    exists: true,
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

export function versionFromTimelineRow(r: TimelineRow): TimelineVersion {
  return {
    effectiveOn: r.effective_on,
    position: Number(r.position),
    knownFromMs: r.known_from.getTime(),
    eventType: r.event_type,
    backdated: r.backdated,
    state: stateFromRow(r),
    redFlagIn: r.red_flag_in,
  };
}

/** The latest version, as the board row keeps it, with its health steps. */
export function versionFromBoardRow(r: BoardStateRow): TimelineVersion {
  const steps: HealthStep[] = r.health_on.map((on, i) => ({
    on,
    colour: r.health_colour[i]!,
    codes: r.health_codes[i] ?? '',
  }));
  return withSteps(
    {
      effectiveOn: r.last_effective_on,
      position: Number(r.position),
      knownFromMs: Number(r.known_through_ms),
      eventType: r.last_event_type,
      backdated: false, // only used as a base: the board's version is never written again
      state: stateFromRow(r),
      redFlagIn: r.red_flag_in,
    },
    steps,
  );
}
