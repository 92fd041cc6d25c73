/**
 * The read-model API (milestone board, roll-up stats, agenda, health history; `libs/read-models`), read into
 * the flat shapes the pages use. Every query takes `asOf` from the as-of picker.
 */
import { getJson, type Query } from './client';
import type { Reason } from './types';

export type Counts = Record<string, number>;

interface UnitRef {
  readonly id: string;
  readonly name: string;
}

/** GET /api/v1/milestones (items): one row of the milestone board. */
interface BoardView {
  readonly id: string;
  readonly taskNo: number;
  readonly taskTitle: string;
  readonly section: number;
  readonly text: string;
  readonly year: number;
  readonly period: { readonly from: number; readonly to: number };
  readonly zones: readonly string[];
  readonly districts: readonly string[];
  readonly leadUnits: readonly UnitRef[];
  readonly cooperatingUnits: readonly UnitRef[];
  readonly lifecycle: string;
  readonly percent: number | null;
  readonly forecastDate: string | null;
  readonly lastReportOn: string | null;
  readonly baselineDueDate: string;
  readonly dueDate: string;
  readonly submittedOn: string | null;
  readonly acceptedOn: string | null;
  readonly lastReturnReason: string | null;
  readonly backdatedEvents: number;
  readonly schedule: {
    readonly state: string;
    readonly zh: string;
    readonly daysOverdue?: number;
    readonly daysLate?: number;
    readonly daysToDue?: number;
  };
  readonly health: { readonly colour: string; readonly zh: string; readonly reasons: readonly Reason[] };
}

interface AsOfHeader {
  readonly asOf: string;
  readonly knownAt: string | null;
  readonly position: number;
}

export interface BoardRow {
  readonly id: string;
  readonly taskNo: number;
  readonly taskTitle: string;
  readonly text: string;
  readonly section: number;
  readonly periodFrom: number;
  readonly periodTo: number;
  readonly year: number;
  readonly lifecycle: string;
  readonly schedule: string;
  readonly health: string;
  readonly healthReasons: readonly Reason[];
  readonly percent: number | null;
  readonly forecastDate: string | null;
  readonly lastReportOn: string | null;
  readonly baselineDueDate: string;
  readonly dueDate: string;
  readonly submittedOn: string | null;
  readonly acceptedOn: string | null;
  readonly daysLate: number | null;
  readonly daysOverdue: number | null;
  readonly backdatedEvents: number;
  readonly zones: readonly string[];
  readonly districts: readonly string[];
  readonly leadUnits: readonly string[];
  readonly cooperatingUnits: readonly string[];
  readonly leadUnitNames: readonly string[];
  readonly cooperatingUnitNames: readonly string[];
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  /** The event position the answer was computed at. */
  readonly position: number;
  readonly asOf: string;
}

/** Counts by lifecycle, schedule and health of a group: never an average colour. */
export interface GroupStats {
  readonly key: string;
  readonly label: string;
  readonly total: number;
  readonly lifecycle: Counts;
  readonly schedule: Counts;
  readonly health: Counts;
  readonly noRecentReport: number;
  readonly completed: number;
  /** 0–1 */
  readonly completionRate: number | null;
  /** 0–1 */
  readonly onTimeRate: number | null;
  readonly overdue: number;
  readonly late: number;
  readonly meanDaysLate: number | null;
  readonly maxDaysLate: number | null;
}

interface RawGroupStats {
  readonly total: number;
  readonly lifecycle: Counts;
  readonly schedule: Counts;
  readonly health: Counts;
  readonly noRecentReport: number;
  readonly completed: number;
  readonly completionRate: number | null;
  readonly onTimeRate: number | null;
  readonly overdue: number;
  readonly late: number;
  readonly meanDaysLate: number | null;
  readonly maxDaysLate: number | null;
}

interface StatsReport<G> extends AsOfHeader {
  readonly groups: readonly G[];
  readonly overall: RawGroupStats;
}

export interface HealthPeriod {
  readonly from: string;
  readonly to: string | null;
  readonly colour: string;
  readonly reasons: readonly Reason[];
}

export interface AgendaItem {
  readonly category: string;
  readonly categoryZh: string;
  readonly role: 'lead' | 'cooperating';
  readonly reportDueBy: string | null;
  readonly row: BoardRow;
}

export function toBoardRow(v: BoardView): BoardRow {
  return {
    id: v.id,
    taskNo: v.taskNo,
    taskTitle: v.taskTitle,
    text: v.text,
    section: v.section,
    periodFrom: v.period.from,
    periodTo: v.period.to,
    year: v.year,
    lifecycle: v.lifecycle,
    schedule: v.schedule.state,
    health: v.health.colour,
    healthReasons: v.health.reasons,
    percent: v.percent,
    forecastDate: v.forecastDate,
    lastReportOn: v.lastReportOn,
    baselineDueDate: v.baselineDueDate,
    dueDate: v.dueDate,
    submittedOn: v.submittedOn,
    acceptedOn: v.acceptedOn,
    daysLate: v.schedule.daysLate ?? null,
    daysOverdue: v.schedule.daysOverdue ?? null,
    backdatedEvents: v.backdatedEvents,
    zones: v.zones,
    districts: v.districts,
    leadUnits: v.leadUnits.map((u) => u.id),
    cooperatingUnits: v.cooperatingUnits.map((u) => u.id),
    leadUnitNames: v.leadUnits.map((u) => u.name),
    cooperatingUnitNames: v.cooperatingUnits.map((u) => u.name),
  };
}

function toGroup(key: string | number | null, name: string, g: RawGroupStats): GroupStats {
  return {
    key: key === null ? '' : String(key),
    label: name,
    total: g.total,
    lifecycle: g.lifecycle,
    schedule: g.schedule,
    health: g.health,
    noRecentReport: g.noRecentReport,
    completed: g.completed,
    completionRate: g.completionRate,
    onTimeRate: g.onTimeRate,
    overdue: g.overdue,
    late: g.late,
    meanDaysLate: g.meanDaysLate,
    maxDaysLate: g.maxDaysLate,
  };
}

export type StatsDimension = 'zones' | 'districts' | 'units' | 'sections' | 'years';

/** The groups of a dimension; units come as lead (牵头) or cooperating (配合) figures. */
export async function stats(
  dimension: StatsDimension,
  query: Query = {},
  unitRole: 'lead' | 'cooperating' = 'lead',
): Promise<{ groups: GroupStats[]; overall: GroupStats; position: number }> {
  if (dimension === 'units') {
    const r = await getJson<
      StatsReport<{ key: string; name: string; lead: RawGroupStats; cooperating: RawGroupStats }>
    >('/api/v1/stats/units', { query, asOf: true });
    return {
      groups: r.groups.map((g) => toGroup(g.key, g.name, g[unitRole])).filter((g) => g.total > 0),
      overall: toGroup('all', '全部', r.overall),
      position: r.position,
    };
  }
  const r = await getJson<StatsReport<RawGroupStats & { key: string | number | null; name: string }>>(
    `/api/v1/stats/${dimension}`,
    { query, asOf: true },
  );
  return {
    groups: r.groups.map((g) => toGroup(g.key, g.name, g)),
    overall: toGroup('all', '全部', r.overall),
    position: r.position,
  };
}

export const PAGE_SIZE_MAX = 200;

export async function milestones(query: Query = {}): Promise<Page<BoardRow>> {
  const r = await getJson<AsOfHeader & { total: number; items: BoardView[] }>('/api/v1/milestones', {
    query,
    asOf: true,
  });
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

export async function healthHistory(id: string): Promise<HealthPeriod[]> {
  const r = await getJson<
    AsOfHeader & { changes: { effectiveOn: string; colour: string; reasons: Reason[] }[] }
  >(`/api/v1/milestones/${encodeURIComponent(id)}/health-history`, { asOf: true });
  return r.changes.map((c, i) => ({
    from: c.effectiveOn,
    to: r.changes[i + 1]?.effectiveOn ?? null,
    colour: c.colour,
    reasons: c.reasons,
  }));
}

export const AGENDA_ZH: Record<string, string> = {
  overdue: '已逾期',
  dueSoon: '即将到期',
  awaitingReport: '需报送进展',
  returned: '被退回，需重新提交',
  awaitingAcceptance: '待核验销号',
};
const AGENDA_ORDER = ['overdue', 'dueSoon', 'awaitingReport', 'returned', 'awaitingAcceptance'] as const;

/** GET /api/v1/units/{id}/agenda: what needs the unit now, by category. */
export async function agenda(unitId: string): Promise<AgendaItem[]> {
  type Item = { role: 'lead' | 'cooperating'; reportDueBy: string | null; milestone: BoardView };
  const r = await getJson<AsOfHeader & Record<(typeof AGENDA_ORDER)[number], Item[]>>(
    `/api/v1/units/${encodeURIComponent(unitId)}/agenda`,
    { asOf: true },
  );
  return AGENDA_ORDER.flatMap((category) =>
    (r[category] ?? []).map((i) => ({
      category,
      categoryZh: AGENDA_ZH[category] ?? category,
      role: i.role,
      reportDueBy: i.reportDueBy,
      row: toBoardRow(i.milestone),
    })),
  );
}
