import type { TimelineResult } from './assignment-timeline';
import { PLAN_COLUMN_NAMES, type PlanColumns } from './board-rows';
import { arrayLiteral, type ColumnSpec, type ColumnValue } from './bulk-columns';
import { FACT_SPECS, factsValues, type FactColumn } from './fact-columns';
import type { HealthStep } from './health-steps';

/** Board columns: the row's key, its latest version and health, the plan columns, the segments it adds (0 or 1). */
export type BoardColumn =
  | FactColumn
  | keyof PlanColumns
  | 'milestone_id'
  | 'assignment'
  | 'assignment_no'
  | 'assignment_lead_units'
  | 'health_on'
  | 'health_colour'
  | 'health_codes'
  | 'before_colour'
  | 'before_codes'
  | 'last_effective_on'
  | 'last_event_type'
  | 'known_through'
  | 'position'
  | 'stream_version'
  | 'segments';

/** In the order of the values `writeStatement` pushes. */
export const BOARD_SPECS: readonly ColumnSpec<BoardColumn>[] = [
  { name: 'milestone_id', type: 'text' },
  { name: 'assignment', type: 'text' },
  { name: 'assignment_no', type: 'integer', form: 'plain' },
  { name: 'assignment_lead_units', type: 'text', literal: 'text[]' },
  ...FACT_SPECS,
  { name: 'health_on', type: 'text', literal: 'date[]', form: 'quoted' },
  { name: 'health_colour', type: 'text', literal: 'text[]', form: 'quoted' },
  { name: 'health_codes', type: 'text', literal: 'text[]' },
  { name: 'before_colour', type: 'text', form: 'plain' },
  { name: 'before_codes', type: 'text', form: 'quoted' },
  { name: 'last_effective_on', type: 'date', form: 'plain' },
  { name: 'last_event_type', type: 'text', form: 'plain' },
  { name: 'known_through', type: 'bigint', form: 'plain', expr: 'to_timestamp(x.known_through / 1000.0)' },
  { name: 'position', type: 'bigint', form: 'plain' },
  { name: 'stream_version', type: 'integer', form: 'plain' },
  { name: 'plan_key', type: 'text' },
  { name: 'task_no', type: 'integer', form: 'plain' },
  { name: 'section', type: 'integer', form: 'plain' },
  { name: 'task_title', type: 'text' },
  { name: 'text', type: 'text' },
  { name: 'zones', type: 'text', literal: 'text[]' },
  { name: 'districts', type: 'text', literal: 'text[]' },
  { name: 'city_wide', type: 'boolean', form: 'plain' },
  { name: 'lead_units', type: 'text', literal: 'text[]' },
  { name: 'cooperating_units', type: 'text', literal: 'text[]' },
  // The count of a new row; on an update, whether the batch adds a segment (`SEGMENTS_AFTER`).
  { name: 'segments', type: 'integer', form: 'plain' },
];

const PLAN_COLUMNS: ReadonlySet<string> = new Set(PLAN_COLUMN_NAMES);

/**
 * The columns of an update that keeps the row's plan columns (the batch did not change the milestone's plan: most
 * batches, a report's): the plan's texts and arrays are neither built nor sent nor parsed again for every event.
 */
export const BOARD_SPECS_SAME_PLAN: readonly ColumnSpec<BoardColumn>[] = BOARD_SPECS.filter(
  (c) => !PLAN_COLUMNS.has(c.name),
);

/** `{2021-01-01,2021-06-16}`: dates and colours need no quoting inside the literal. */
function stepsLiteral(steps: readonly HealthStep[], field: 'on' | 'colour'): string {
  let out = '{';
  for (let i = 0; i < steps.length; i++) out += (i > 0 ? ',' : '') + steps[i]![field];
  return `${out}}`;
}

/**
 * A board row's values, in BOARD_SPECS order: its key, latest version and health, plan data, segments added;
 * `plan` undefined: without the plan data (BOARD_SPECS_SAME_PLAN order).
 */
export function boardValues(
  id: string,
  plan: PlanColumns | undefined,
  key: string,
  leadUnits: readonly string[],
  no: number,
  result: TimelineResult,
  added: number,
): ColumnValue[] {
  const last = result.last;
  return [
    id,
    key,
    no,
    arrayLiteral(leadUnits),
    ...factsValues(last.state, last.redFlagIn),
    stepsLiteral(result.lastSteps, 'on'),
    stepsLiteral(result.lastSteps, 'colour'),
    arrayLiteral(result.lastSteps.map((st) => st.codes)),
    result.before?.colour ?? null,
    result.before?.codes ?? null,
    last.effectiveOn,
    last.eventType,
    last.knownFromMs,
    last.position,
    last.streamVersion,
    ...(plan === undefined ? [] : planValues(plan)),
    added,
  ];
}

/** The plan columns' values, in BOARD_SPECS order. */
function planValues(plan: PlanColumns): ColumnValue[] {
  return [
    plan.plan_key,
    plan.task_no,
    plan.section,
    plan.task_title,
    plan.text,
    arrayLiteral(plan.zones),
    arrayLiteral(plan.districts),
    plan.city_wide,
    arrayLiteral(plan.lead_units),
    arrayLiteral(plan.cooperating_units),
  ];
}
