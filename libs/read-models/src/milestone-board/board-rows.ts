import type { HealthColour } from '@app/milestones';
import type { IsoDate } from '@app/platform';
import type { TimelineVersion } from './assignment-timeline';
import { selectFacts, stateFromRow, type FactsRow } from './fact-columns';
import type { HealthRef, HealthStep } from './health-steps';

/*
 * Row shapes of the projection's tables as the projection reads them back: the board rows of the milestones a
 * batch touches (one per assignment), and, when an event is dated before a milestone's latest version, the
 * current versions of its assignments.
 */

/** A milestone's plan data (from MilestonePlanned / MilestoneAdded; MilestoneRevised may change it), on each of its rows. */
export interface PlanColumns {
  plan_key: string;
  task_no: number;
  section: number;
  task_title: string;
  text: string;
  zones: string[];
  districts: string[];
  /** 全市: in no named zone. */
  city_wide: boolean;
  lead_units: string[];
  cooperating_units: string[];
}

export const PLAN_COLUMN_NAMES = [
  'plan_key',
  'task_no',
  'section',
  'task_title',
  'text',
  'zones',
  'districts',
  'city_wide',
  'lead_units',
  'cooperating_units',
] as const satisfies readonly (keyof PlanColumns)[];

/** What the projection reads back of a board row: plan data, the latest version and its health steps. */
export interface BoardStateRow extends FactsRow, PlanColumns {
  milestone_id: string;
  assignment: string;
  assignment_no: number;
  assignment_lead_units: string[];
  health_on: IsoDate[];
  health_colour: HealthColour[];
  health_codes: string[];
  before_colour: HealthColour | null;
  before_codes: string | null;
  last_effective_on: IsoDate;
  last_event_type: string;
  known_through_ms: string | number;
  position: string | number;
  stream_version: number;
}

// Arrays of the health steps as JSON: JSON.parse is native, node-postgres parses array literals in JavaScript.
export const SELECT_BOARD_STATE = `SELECT milestone_id, assignment, assignment_no, assignment_lead_units,
  ${PLAN_COLUMN_NAMES.join(', ')}, ${selectFacts('b')}, to_json(health_on) AS health_on,
  to_json(health_colour) AS health_colour, to_json(health_codes) AS health_codes, before_colour, before_codes,
  last_effective_on::text AS last_effective_on, last_event_type,
  floor(extract(epoch FROM known_through) * 1000)::bigint AS known_through_ms, position, stream_version
  FROM rm_milestones b`;

export interface TimelineRow extends FactsRow {
  milestone_id: string;
  assignment: string;
  effective_on: IsoDate;
  position: string | number;
  known_from: Date;
  event_type: string;
  backdated: boolean;
}

export const TIMELINE_ROW_COLUMNS = `t.milestone_id, t.assignment, t.effective_on::text AS effective_on, t.position,
  t.known_from, t.event_type, t.backdated, ${selectFacts('t')}`;

/** The current versions (the latest position per date) of every assignment of some milestones. */
export const SELECT_CURRENT_VERSIONS = `SELECT DISTINCT ON (milestone_id, assignment, effective_on) ${TIMELINE_ROW_COLUMNS}
  FROM rm_milestone_timeline t WHERE milestone_id = ANY($1)
  ORDER BY milestone_id, assignment, effective_on, position DESC`;

export function versionFromTimelineRow(r: TimelineRow, leadUnits: readonly string[]): TimelineVersion {
  return {
    effectiveOn: r.effective_on,
    position: Number(r.position),
    knownFromMs: r.known_from.getTime(),
    eventType: r.event_type,
    backdated: r.backdated,
    streamVersion: 0,
    state: stateFromRow(r, r.assignment, leadUnits),
    redFlagIn: r.red_flag_in,
    steps: undefined,
  };
}

/** The latest version, as the board row keeps it, with its health steps. */
export function versionFromBoardRow(r: BoardStateRow): TimelineVersion {
  const steps: HealthStep[] = r.health_on.map((on, i) => ({
    on,
    colour: r.health_colour[i]!,
    codes: r.health_codes[i] ?? '',
  }));
  return {
    effectiveOn: r.last_effective_on,
    position: Number(r.position),
    knownFromMs: Number(r.known_through_ms),
    eventType: r.last_event_type,
    backdated: false, // only used as a base: the board's version is never written again
    streamVersion: r.stream_version,
    state: stateFromRow(r, r.assignment, r.assignment_lead_units),
    redFlagIn: r.red_flag_in,
    steps,
  };
}

/** The health the day before the board row's latest version. */
export function beforeOf(r: BoardStateRow): HealthRef | null {
  return r.before_colour === null ? null : { colour: r.before_colour, codes: r.before_codes ?? '' };
}

/** The plan columns of a board row (copies). */
export function planOf(r: PlanColumns): PlanColumns {
  return {
    plan_key: r.plan_key,
    task_no: r.task_no,
    section: r.section,
    task_title: r.task_title,
    text: r.text,
    zones: [...r.zones],
    districts: [...r.districts],
    city_wide: r.city_wide,
    lead_units: [...r.lead_units],
    cooperating_units: [...r.cooperating_units],
  };
}
