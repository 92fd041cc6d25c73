import { round } from './milestone-review';
import {
  zeroCounts,
  type MilestoneReview,
  type OutcomeCounts,
  type RollupRow,
  type Rollups,
} from './retrospective.types';

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

export const NO_ZONE_LABEL = '（未划分功能区）';
export const NO_DISTRICT_LABEL = '（未指定市区）';

type RollupInput = Pick<MilestoneReview, 'outcome' | 'daysLate'>;

export function countOutcomes(
  items: Iterable<{ readonly outcome: MilestoneReview['outcome'] }>,
): OutcomeCounts {
  const counts = zeroCounts();
  for (const i of items) counts[i.outcome]++;
  return counts;
}

/** Counts per outcome, the on-time rate over the milestones judged, and days late of those met late. */
export function rollupRow(key: string, label: string, items: readonly RollupInput[]): RollupRow {
  const counts = countOutcomes(items);
  const judged = items.length - counts.cancelled - counts.not_due;
  const late = items.filter((i) => i.outcome === 'met_late').map((i) => i.daysLate ?? 0);
  return {
    key,
    label,
    milestones: items.length,
    counts,
    judged,
    onTimeRate: judged > 0 ? round(counts.met_on_time / judged, 4) : null,
    meanDaysLate: late.length > 0 ? round(late.reduce((a, b) => a + b, 0) / late.length, 1) : null,
    maxDaysLate: late.length > 0 ? Math.max(...late) : null,
  };
}

/** Plan order first, then other names in code-point order; the empty key ("not assigned") last. */
function byOrder(order: readonly string[]): (a: string, b: string) => number {
  const index = new Map(order.map((k, i) => [k, i]));
  return (a, b) => {
    if (a === '' || b === '') return a === b ? 0 : a === '' ? 1 : -1;
    const ia = index.get(a);
    const ib = index.get(b);
    if (ia !== undefined && ib !== undefined) return ia - ib;
    if (ia !== undefined) return -1;
    if (ib !== undefined) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  };
}

function group(
  milestones: readonly MilestoneReview[],
  keysOf: (m: MilestoneReview) => readonly string[],
  compare: (a: string, b: string) => number,
  labelOf: (key: string) => string,
): RollupRow[] {
  const groups = new Map<string, MilestoneReview[]>();
  for (const m of milestones) {
    const keys = keysOf(m);
    for (const k of keys.length > 0 ? new Set(keys) : ['']) {
      const list = groups.get(k) ?? [];
      list.push(m);
      groups.set(k, list);
    }
  }
  return [...groups.keys()].sort(compare).map((k) => rollupRow(k, labelOf(k), groups.get(k)!));
}

/**
 * Roll-ups per zone, district, lead unit and section. A milestone counts once under each of its zones,
 * districts and lead units (each lead unit leads separately), so the rows of one dimension may add up to more
 * than the total. Milestones without a zone or district are grouped under "not assigned".
 */
export function rollupsOf(milestones: readonly MilestoneReview[], plan: PlanFrame): Rollups {
  const unitOrder = plan.units.map((u) => u.name);
  const sections = new Map(plan.sections.map((s) => [String(s.no), `${s.numeral}、${s.title}`]));
  return {
    zone: group(
      milestones,
      (m) => m.zones,
      byOrder(plan.zones),
      (k) => (k === '' ? NO_ZONE_LABEL : k),
    ),
    district: group(
      milestones,
      (m) => m.districts,
      byOrder(plan.districts),
      (k) => (k === '' ? NO_DISTRICT_LABEL : k),
    ),
    leadUnit: group(
      milestones,
      (m) => m.leadUnits,
      byOrder(unitOrder),
      (k) => (k === '' ? '（未指定牵头单位）' : k),
    ),
    section: group(
      milestones,
      (m) => [String(m.section)],
      (a, b) => Number(a) - Number(b),
      (k) => sections.get(k) ?? `第${k}板块`,
    ),
  };
}
