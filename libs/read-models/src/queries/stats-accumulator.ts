import {
  HEALTH_COLOURS,
  MILESTONE_LIFECYCLES,
  SCHEDULE_STATES,
  type HealthColour,
  type MilestoneLifecycle,
  type ScheduleState,
} from '@app/milestones';

/** Counts, never an average colour. */
export interface GroupStats {
  /** Milestones in the group (as of the date; a milestone in two zones counts in both); a unit's lead side: its assignments. */
  readonly total: number;
  readonly lifecycle: Readonly<Record<MilestoneLifecycle, number>>;
  readonly schedule: Readonly<Record<ScheduleState, number>>;
  readonly health: Readonly<Record<HealthColour, number>>;
  /** Grey because nobody reported within the cadence (open ones; cancelled and withdrawn ones are grey too). */
  readonly noRecentReport: number;
  /** Accepted (已销号). */
  readonly completed: number;
  /** completed ÷ (total − cancelled − withdrawn); null when nothing is assessed. See `STATS_DEFINITIONS`. */
  readonly completionRate: number | null;
  /**
   * 按期完成率（已到期）: completed on time ÷ (completed on time + completed late + overdue); null when none is due
   * or done. See `STATS_DEFINITIONS`.
   */
  readonly punctualityRate: number | null;
  readonly overdue: number;
  /** Late by at least one day: completed late, or overdue so far. */
  readonly late: number;
  /** Mean and maximum days late over `late` (null when none). */
  readonly meanDaysLate: number | null;
  readonly maxDaysLate: number | null;
}

export interface Definition {
  readonly en: string;
  readonly zh: string;
}

/** What each rate of the roll-ups means, carried in every stats response (`definitions`). */
export const STATS_DEFINITIONS = {
  completionRate: {
    en: 'Completion rate: accepted (verified, 已销号) ÷ (total − cancelled − withdrawn).',
    zh: '完成率 = 已销号 ÷（总数 − 已取消 − 已撤销）。',
  },
  punctualityRate: {
    en:
      'Punctuality rate (of what is due): completed on time ÷ (completed on time + completed late + overdue) ' +
      'as of the date; milestones not yet due, submitted in time and awaiting verification, or cancelled do not ' +
      'count. Not the year-end review’s on-time rate (met on time ÷ milestones due in the year).',
    zh:
      '按期完成率（已到期）= 按期完成 ÷（按期完成 + 逾期完成 + 已逾期），截至所选日期；未到期、已按期提交待核验、' +
      '已取消的不计入。不同于年度回顾的“年度按期完成率”（按期完成 ÷ 当年到期数）。',
  },
} as const satisfies Record<string, Definition>;

export type StatsDefinitions = typeof STATS_DEFINITIONS;

const CANCELLED = MILESTONE_LIFECYCLES.indexOf('cancelled');
const WITHDRAWN = MILESTONE_LIFECYCLES.indexOf('withdrawn');
const GREY = HEALTH_COLOURS.indexOf('grey');

// A group's counts: slots of one Float64Array (every count fits; the sum of days late may grow large).
const TOTAL = 0;
const LIFECYCLE = 1;
const SCHEDULE = LIFECYCLE + MILESTONE_LIFECYCLES.length;
const HEALTH = SCHEDULE + SCHEDULE_STATES.length;
const NO_RECENT_REPORT = HEALTH + HEALTH_COLOURS.length;
const LATE = NO_RECENT_REPORT + 1;
const LATE_SUM = LATE + 1;
/** -1: none late. */
const LATE_MAX = LATE_SUM + 1;
const STRIDE = LATE_MAX + 1;

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Counts of many groups at once, each by a small dense id (an interned group's, a section's, a year's): one
 * typed array, no object per group or per milestone, so a roll-up of 100,000 milestones is a loop over numbers.
 * A milestone (or assignment) is added by the indexes of its three axes.
 */
export class GroupCounts {
  private slots = new Float64Array(STRIDE * 16);
  private readonly seen: number[] = [];

  /** The ids counted, in the order first seen. */
  get ids(): readonly number[] {
    return this.seen;
  }

  /** How many were counted under `id`. */
  total(id: number): number {
    const o = id * STRIDE;
    return o < this.slots.length ? this.slots[o + TOTAL]! : 0;
  }

  /** `daysLate` 0: not late. */
  add(id: number, lifecycle: number, schedule: number, health: number, daysLate: number): void {
    const o = this.slot(id);
    const c = this.slots;
    c[o + TOTAL]!++;
    c[o + LIFECYCLE + lifecycle]!++;
    c[o + SCHEDULE + schedule]!++;
    c[o + HEALTH + health]!++;
    if (health === GREY && lifecycle !== CANCELLED && lifecycle !== WITHDRAWN) c[o + NO_RECENT_REPORT]!++;
    if (daysLate > 0) {
      c[o + LATE]!++;
      c[o + LATE_SUM]! += daysLate;
      if (daysLate > c[o + LATE_MAX]!) c[o + LATE_MAX] = daysLate;
    }
  }

  /** Adds everything `from` counted under `fromId` to `id`. */
  merge(id: number, from: GroupCounts, fromId: number): void {
    const o = this.slot(id);
    const f = fromId * STRIDE;
    const c = this.slots;
    const x = from.slots;
    for (let k = 0; k < LATE_MAX; k++) c[o + k]! += x[f + k]!;
    if (x[f + LATE_MAX]! > c[o + LATE_MAX]!) c[o + LATE_MAX] = x[f + LATE_MAX]!;
  }

  result(id: number): GroupStats {
    const o = id * STRIDE;
    const c = o + STRIDE <= this.slots.length ? this.slots : new Float64Array(o + STRIDE);
    const lifecycle = zeros(MILESTONE_LIFECYCLES);
    MILESTONE_LIFECYCLES.forEach((l, i) => (lifecycle[l] = c[o + LIFECYCLE + i]!));
    const schedule = zeros(SCHEDULE_STATES);
    SCHEDULE_STATES.forEach((s, i) => (schedule[s] = c[o + SCHEDULE + i]!));
    const health = zeros(HEALTH_COLOURS);
    HEALTH_COLOURS.forEach((h, i) => (health[h] = c[o + HEALTH + i]!));
    const total = c[o + TOTAL]!;
    const late = c[o + LATE]!;
    const assessed = total - lifecycle.cancelled - lifecycle.withdrawn;
    const judged = schedule.completed_on_time + schedule.completed_late + schedule.overdue;
    return {
      total,
      lifecycle,
      schedule,
      health,
      noRecentReport: c[o + NO_RECENT_REPORT]!,
      completed: lifecycle.accepted,
      completionRate: assessed > 0 ? round(lifecycle.accepted / assessed, 4) : null,
      punctualityRate: judged > 0 ? round(schedule.completed_on_time / judged, 4) : null,
      overdue: schedule.overdue,
      late,
      meanDaysLate: late > 0 ? round(c[o + LATE_SUM]! / late, 1) : null,
      maxDaysLate: late > 0 ? c[o + LATE_MAX]! : null,
    };
  }

  /** The offset of an id's slots (remembered on first use; the array grows as ids do). */
  private slot(id: number): number {
    const o = id * STRIDE;
    if (o + STRIDE > this.slots.length) {
      const next = new Float64Array(Math.max(o + STRIDE, this.slots.length * 2));
      next.set(this.slots);
      this.slots = next;
    }
    // A slot never used holds 0 where a used one holds -1 or a number of days late.
    if (this.slots[o + LATE_MAX] === 0) {
      this.slots[o + LATE_MAX] = -1;
      this.seen.push(id);
    }
    return o;
  }
}
