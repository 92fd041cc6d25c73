/**
 * The read-model API (milestone board with its assignments, health history; `libs/read-models`), read into the
 * flat shapes the pages use (roll-ups: `stats.ts`, agenda: `agenda.ts`). Every query takes `asOf` from the as-of picker.
 */
import { getJson, type Query } from './client';
import type { HealthColour, ScheduleState } from '@app/milestones/labels';
// The facts the board shows of an assignment, and of a milestone from its assignments' (the fact columns marked
// `shown`): the server's type, so a new one needs nothing here. The rows below carry them as they come.
import type { ShownFacts } from '@app/read-models/fact-columns';
import type { components } from './openapi';

type Schemas = components['schemas'];

/** Why a milestone or an assignment has its health colour. */
type Reason = Schemas['HealthReasonDto'];

/**
 * A board answer's schema (`board.dto.ts`) with its shown facts the server's `ShownFacts` (the generated schema
 * documents `lifecycle` as any string; `ShownFacts` has the lifecycle union).
 */
type Board<T> = Omit<T, keyof ShownFacts> & ShownFacts;

/** One assignment (承办事项) of a milestone led separately (分别牵头) by several units. */
type AssignmentView = Board<Schemas['AssignmentDto']>;

/** GET /api/v1/milestones (items), GET /milestones/{id}/board, an agenda item's milestone: one board row. */
export type BoardView = Omit<Board<Schemas['MilestoneBoardDto']>, 'assignments'> & {
  /** Present when the milestone has several assignments. */
  readonly assignments?: readonly AssignmentView[];
};

/** One assignment's own state, as the pages show it. */
export interface AssignmentRow extends ShownFacts {
  readonly key: string;
  readonly leadUnits: readonly string[];
  /** 承办单位 (names, joined). */
  readonly unitName: string;
  readonly daysLate: number | null;
  readonly schedule: ScheduleState;
  readonly health: HealthColour;
  readonly healthReasons: readonly Reason[];
}

export interface BoardRow extends ShownFacts {
  readonly id: string;
  readonly taskNo: number;
  readonly taskTitle: string;
  readonly text: string;
  readonly section: number;
  readonly periodFrom: number;
  readonly periodTo: number;
  readonly year: number;
  /** Derived from the assignments when there are several (the worst schedule and health, the mean percent). */
  readonly schedule: ScheduleState;
  readonly health: HealthColour;
  /** Reasons of the health colour; with several assignments each starts with its unit (台山市政府：…). */
  readonly healthReasons: readonly Reason[];
  /** Lowest and highest percent of the live assignments, when there are several. */
  readonly percentRange: Schemas['PercentRangeDto'] | null;
  readonly daysLate: number | null;
  readonly daysOverdue: number | null;
  readonly zones: readonly string[];
  /** 全市: in no named zone. */
  readonly cityWide: boolean;
  readonly districts: readonly string[];
  readonly leadUnits: readonly string[];
  readonly cooperatingUnits: readonly string[];
  readonly leadUnitNames: readonly string[];
  readonly cooperatingUnitNames: readonly string[];
  /** Each assignment (承办事项) when there are several (分别牵头); empty when the milestone is its one assignment. */
  readonly assignments: readonly AssignmentRow[];
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  /** The event position the answer was computed at. */
  readonly position: number;
  readonly asOf: string;
}

export interface HealthPeriod {
  readonly from: string;
  readonly to: string | null;
  readonly colour: HealthColour;
  readonly reasons: readonly Reason[];
}

/** One assignment's health over time, and the milestone's assignments (to ask for another one's). */
export interface HealthHistory {
  readonly assignment: string;
  readonly assignments: readonly Schemas['AssignmentKeyDto'][];
  readonly periods: readonly HealthPeriod[];
}

const unitNames = (units: readonly Schemas['UnitRefDto'][]): string => units.map((u) => u.name).join('、');

/** An assignment as it comes, its lead units, schedule and health flattened. */
function toAssignmentRow({ leadUnits, schedule, health, ...same }: AssignmentView): AssignmentRow {
  return {
    ...same,
    leadUnits: leadUnits.map((u) => u.id),
    unitName: unitNames(leadUnits),
    schedule: schedule.state,
    health: health.colour,
    healthReasons: health.reasons,
  };
}

/** A milestone as it comes, its period, schedule, health, units and assignments flattened. */
export function toBoardRow(v: BoardView): BoardRow {
  const { period, schedule, health, leadUnits, cooperatingUnits, assignments: shares, ...same } = v;
  const assignments = (shares ?? []).map(toAssignmentRow);
  const nameOf = new Map(assignments.map((a) => [a.key, a.unitName]));
  return {
    ...same,
    periodFrom: period.from,
    periodTo: period.to,
    schedule: schedule.state,
    health: health.colour,
    healthReasons: health.reasons.map((r) =>
      r.assignment !== undefined ? { ...r, zh: `${nameOf.get(r.assignment) ?? r.assignment}：${r.zh}` } : r,
    ),
    percentRange: v.percentRange ?? null,
    daysLate: schedule.daysLate ?? null,
    daysOverdue: schedule.daysOverdue ?? null,
    cityWide: v.cityWide ?? v.zones.length === 0,
    leadUnits: leadUnits.map((u) => u.id),
    cooperatingUnits: cooperatingUnits.map((u) => u.id),
    leadUnitNames: leadUnits.map((u) => u.name),
    cooperatingUnitNames: cooperatingUnits.map((u) => u.name),
    assignments,
  };
}

export const PAGE_SIZE_MAX = 200;

export async function milestones(query: Query = {}): Promise<Page<BoardRow>> {
  const r = await getJson<Omit<Schemas['MilestonePageDto'], 'items'> & { items: BoardView[] }>(
    '/api/v1/milestones',
    {
      query,
      asOf: true,
    },
  );
  return { items: r.items.map(toBoardRow), total: r.total, position: r.position, asOf: r.asOf };
}

/** Every milestone of the board (at most a few pages: the plan has about a hundred). */
export async function allMilestones(query: Query = {}): Promise<Page<BoardRow>> {
  const first = await milestones({ ...query, pageSize: PAGE_SIZE_MAX, page: 1 });
  const items = [...first.items];
  for (let page = 2; items.length < first.total && page <= 50; page++) {
    items.push(...(await milestones({ ...query, pageSize: PAGE_SIZE_MAX, page })).items);
  }
  return { ...first, items };
}

/** One milestone's row of the board (GET /milestones/{id}/board). */
export async function boardRow(id: string): Promise<BoardRow> {
  return toBoardRow(
    await getJson<BoardView>(`/api/v1/milestones/${encodeURIComponent(id)}/board`, { asOf: true }),
  );
}

/** GET /milestones/{id}/health-history: one assignment's (the only one, or `assignment`) health changes. */
export async function healthHistory(id: string, assignment?: string): Promise<HealthHistory> {
  const r = await getJson<Schemas['HealthHistoryDto']>(
    `/api/v1/milestones/${encodeURIComponent(id)}/health-history`,
    {
      asOf: true,
      ...(assignment ? { query: { assignment } } : {}),
    },
  );
  return {
    assignment: r.assignment.key,
    assignments: r.assignments,
    periods: r.changes.map((c, i) => ({
      from: c.effectiveOn,
      to: r.changes[i + 1]?.effectiveOn ?? null,
      colour: c.colour,
      reasons: c.reasons,
    })),
  };
}
