import type { IsoDate } from '@app/platform';
import { MILESTONE_LIFECYCLE_LABELS_ZH } from '@app/milestones';
import { factsOf } from '../milestone-board/facts-state';
import { FACT_COLUMNS, stateFromRow, type FactsRow } from '../milestone-board/milestone-board.rows';
import type { TimelineRules } from '../milestone-board/milestone-timeline';
import { healthAt, type HealthColour, type HealthReason } from '../rules/health';
import type { MilestoneLifecycle } from '../rules/milestone-facts';
import { scheduleAt, type ScheduleState, type ScheduleStatus } from '../rules/schedule';

export const SCHEDULE_LABELS_ZH: { readonly [S in ScheduleState]: string } = {
  not_due: '未到期',
  due_soon: '即将到期',
  overdue: '已逾期',
  completed_on_time: '按期完成',
  completed_late: '逾期完成',
  cancelled: '已取消',
};

export const HEALTH_LABELS_ZH: { readonly [H in HealthColour]: string } = {
  red: '红',
  amber: '黄',
  green: '绿',
  grey: '灰',
};

export interface UnitRef {
  readonly id: string;
  readonly name: string;
}

/** One row of the milestone board: the three axes kept apart (lifecycle, schedule, health). */
export interface MilestoneBoardView {
  readonly id: string;
  readonly planKey: string;
  readonly taskNo: number;
  readonly taskTitle: string;
  readonly section: number;
  readonly text: string;
  /** The year of the (plan's) baseline due date. */
  readonly year: number;
  readonly period: { readonly from: number; readonly to: number };
  readonly zones: readonly string[];
  readonly districts: readonly string[];
  /** 牵头单位 */
  readonly leadUnits: readonly UnitRef[];
  /** 配合单位 */
  readonly cooperatingUnits: readonly UnitRef[];
  readonly lifecycle: MilestoneLifecycle;
  readonly lifecycleZh: string;
  readonly percent: number | null;
  readonly forecastDate: IsoDate | null;
  readonly lastReportOn: IsoDate | null;
  readonly baselineDueDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly submittedOn: IsoDate | null;
  readonly acceptedOn: IsoDate | null;
  readonly lastReturnReason: string | null;
  /** Events reported more than 30 days after they happened. */
  readonly backdatedEvents: number;
  readonly schedule: ScheduleStatus & { readonly zh: string };
  readonly health: {
    readonly colour: HealthColour;
    readonly zh: string;
    readonly reasons: readonly HealthReason[];
  };
  /** The version of the facts this row shows: its effective date and the event position that wrote it. */
  readonly version: { readonly effectiveOn: IsoDate; readonly position: number };
}

/** A row of `factsSourceSql`, selected with `SELECT_VIEW_COLUMNS`. */
export interface SourceRow extends FactsRow {
  milestone_id: string;
  plan_key: string;
  task_no: number;
  section: number;
  task_title: string;
  text: string;
  zones: string[];
  districts: string[];
  lead_units: string[];
  cooperating_units: string[];
  version_on: IsoDate;
  version_position: string | number;
  year: number;
  schedule: ScheduleState;
  days_late: number | null;
  health: HealthColour;
}

const DATE_FACTS = new Set([
  'forecast_date',
  'last_report_on',
  'baseline_due_date',
  'due_date',
  'submitted_on',
  'accepted_on',
  'red_flag_in',
]);

/** Columns to select from `factsSourceSql` (alias s) for views. */
export const SELECT_VIEW_COLUMNS = [
  's.milestone_id, s.plan_key, s.task_no, s.section, s.task_title, s.text, s.zones, s.districts',
  's.lead_units, s.cooperating_units',
  ...FACT_COLUMNS.map((c) => (DATE_FACTS.has(c) ? `s.${c}::text AS ${c}` : `s.${c}`)),
  's.version_on::text AS version_on, s.version_position, s.year, s.schedule, s.days_late, s.health',
].join(', ');

/**
 * Schedule and health recomputed with the rules (for their figures and reasons) from the row's facts at asOf.
 * The SQL's own `schedule` / `health` columns (used to filter and count) come from the same rules; they can
 * only differ if the health settings changed since the projection was built (then: `projections rebuild`).
 */
export function toBoardView(
  r: SourceRow,
  asOf: IsoDate,
  rules: TimelineRules,
  unitName: (id: string) => string,
): MilestoneBoardView {
  const facts = factsOf(stateFromRow(r), r.red_flag_in);
  const schedule = scheduleAt(facts, asOf);
  const health = healthAt(facts, asOf, rules.thresholds, rules.calendar);
  return {
    id: r.milestone_id,
    planKey: r.plan_key,
    taskNo: r.task_no,
    taskTitle: r.task_title,
    section: r.section,
    text: r.text,
    year: r.year,
    period: { from: r.period_from, to: r.period_to },
    zones: r.zones,
    districts: r.districts,
    leadUnits: r.lead_units.map((id) => ({ id, name: unitName(id) })),
    cooperatingUnits: r.cooperating_units.map((id) => ({ id, name: unitName(id) })),
    lifecycle: r.lifecycle,
    lifecycleZh: MILESTONE_LIFECYCLE_LABELS_ZH[r.lifecycle],
    percent: r.percent,
    forecastDate: r.forecast_date,
    lastReportOn: r.last_report_on,
    baselineDueDate: r.baseline_due_date,
    dueDate: r.due_date,
    submittedOn: r.submitted_on,
    acceptedOn: r.accepted_on,
    lastReturnReason: r.last_return_reason,
    backdatedEvents: r.backdated_events,
    schedule: { ...schedule, zh: SCHEDULE_LABELS_ZH[schedule.state] },
    health: { colour: health.colour, zh: HEALTH_LABELS_ZH[health.colour], reasons: health.reasons },
    version: { effectiveOn: r.version_on, position: Number(r.version_position) },
  };
}
