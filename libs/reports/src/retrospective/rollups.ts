import { CITY_WIDE_ZONE } from '@app/milestones';
import { round } from './indicators';
import { countOutcomes, type Outcome, type OutcomeCounts } from './outcome';
import type { RollupRow, Rollups } from './report.types';
import type { AssignmentReview, MilestoneReview } from './review.types';

/** What the roll-ups need to know about the plan: names and their order in the document. */
export interface PlanFrame {
  readonly key: string;
  readonly title: string;
  /** Zone names in plan order. */
  readonly zones: readonly string[];
  /** District names in plan order (first appearance in the zone table). */
  readonly districts: readonly string[];
  /** Units in plan order. */
  readonly units: readonly { readonly id: string; readonly name: string }[];
  readonly sections: readonly { readonly no: number; readonly numeral: string; readonly title: string }[];
  /** The years the plan's milestones span. */
  readonly years: { readonly from: number; readonly to: number };
}

export const NO_DISTRICT_LABEL = '（未指定市区）';
export const NO_LEAD_UNIT_LABEL = '（未指定牵头单位）';

type RollupInput = { readonly outcome: Outcome; readonly daysLate: number | null };

/** 年度按期完成率: met on time ÷ (total − cancelled − not yet due), 4 decimals; null when nothing is judged. */
export function metOnTimeRate(counts: OutcomeCounts, total: number): number | null {
  const judged = total - counts.cancelled - counts.not_due;
  return judged > 0 ? round(counts.met_on_time / judged, 4) : null;
}

/** Counts per outcome, the met-on-time rate over those judged, and days late of those met late. */
export function rollupRow(
  key: string,
  label: string,
  counted: RollupRow['counted'],
  items: readonly RollupInput[],
): RollupRow {
  const counts = countOutcomes(items);
  const judged = items.length - counts.cancelled - counts.not_due;
  const late = items.filter((i) => i.outcome === 'met_late').map((i) => i.daysLate ?? 0);
  return {
    key,
    label,
    counted,
    total: items.length,
    counts,
    judged,
    metOnTimeRate: metOnTimeRate(counts, items.length),
    meanDaysLate: late.length > 0 ? round(late.reduce((a, b) => a + b, 0) / late.length, 1) : null,
    maxDaysLate: late.length > 0 ? Math.max(...late) : null,
  };
}

/** Plan order first, then other keys in code-point order; the keys in `last` at the end, in that order. */
function byOrder(order: readonly string[], last: readonly string[] = []): (a: string, b: string) => number {
  const index = new Map(order.map((k, i) => [k, i]));
  const rank = (k: string): [number, number, string] =>
    last.includes(k) ? [2, last.indexOf(k), ''] : index.has(k) ? [0, index.get(k)!, ''] : [1, 0, k];
  return (a, b) => {
    const [ga, ia, sa] = rank(a);
    const [gb, ib, sb] = rank(b);
    return ga - gb || ia - ib || (sa < sb ? -1 : sa > sb ? 1 : 0);
  };
}

function group<T extends RollupInput>(
  items: readonly T[],
  keysOf: (item: T) => readonly string[],
  compare: (a: string, b: string) => number,
  row: (key: string, items: readonly T[]) => RollupRow,
): RollupRow[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const k of new Set(keysOf(item))) {
      const list = groups.get(k) ?? [];
      list.push(item);
      groups.set(k, list);
    }
  }
  return [...groups.keys()].sort(compare).map((k) => row(k, groups.get(k)!));
}

/** The zone group of a milestone: the zones its task names, or 全市 (one key and one name). */
export function zoneKeys(m: Pick<MilestoneReview, 'zones' | 'cityWide'>): readonly string[] {
  return m.cityWide || m.zones.length === 0 ? [CITY_WIDE_ZONE] : m.zones;
}

type UnitAssignment = AssignmentReview & { readonly unitIds: readonly string[] };

/**
 * Roll-ups per zone, district and section count milestones (each its worst assignment's outcome); per lead unit
 * they count the unit's own assignments (承办事项), so a unit is credited only with what it did. A milestone counts
 * once under each of its zones and districts (city-wide ones under 全市), so the rows of one dimension may add up
 * to more than the total.
 */
export function rollupsOf(milestones: readonly MilestoneReview[], plan: PlanFrame): Rollups {
  const units = new Map(plan.units.map((u) => [u.id, u.name]));
  const sections = new Map(plan.sections.map((s) => [String(s.no), `${s.numeral}、${s.title}`]));
  const byMilestone = (label: (k: string) => string) => (k: string, items: readonly RollupInput[]) =>
    rollupRow(k, label(k), 'milestones', items);
  const assignments: UnitAssignment[] = milestones.flatMap((m) =>
    m.assignments.map((a) => ({ ...a, unitIds: a.leadUnitIds.length > 0 ? a.leadUnitIds : [''] })),
  );
  return {
    zone: group(
      milestones,
      zoneKeys,
      byOrder(plan.zones, [CITY_WIDE_ZONE]),
      byMilestone((k) => k),
    ),
    district: group(
      milestones,
      (m) => (m.districts.length > 0 ? m.districts : ['']),
      byOrder(plan.districts, ['']),
      byMilestone((k) => (k === '' ? NO_DISTRICT_LABEL : k)),
    ),
    leadUnit: group(
      assignments,
      (a) => a.unitIds,
      byOrder(
        plan.units.map((u) => u.id),
        [''],
      ),
      (k, items) => rollupRow(k, k === '' ? NO_LEAD_UNIT_LABEL : (units.get(k) ?? k), 'assignments', items),
    ),
    section: group(
      milestones,
      (m) => [String(m.section)],
      (a, b) => Number(a) - Number(b),
      byMilestone((k) => sections.get(k) ?? `第${k}板块`),
    ),
  };
}
