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

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Counts of one group, added one milestone (or assignment) at a time by the indexes of its three axes. */
export class Accumulator {
  private total = 0;
  private readonly lifecycle = new Int32Array(MILESTONE_LIFECYCLES.length);
  private readonly schedule = new Int32Array(SCHEDULE_STATES.length);
  private readonly health = new Int32Array(HEALTH_COLOURS.length);
  private noRecentReport = 0;
  private late = 0;
  private lateSum = 0;
  private lateMax: number | null = null;

  /** `daysLate` 0: not late. */
  add(lifecycle: number, schedule: number, health: number, daysLate: number): void {
    this.total++;
    this.lifecycle[lifecycle]!++;
    this.schedule[schedule]!++;
    this.health[health]!++;
    if (health === GREY && lifecycle !== CANCELLED && lifecycle !== WITHDRAWN) this.noRecentReport++;
    if (daysLate > 0) {
      this.late++;
      this.lateSum += daysLate;
      if (this.lateMax === null || daysLate > this.lateMax) this.lateMax = daysLate;
    }
  }

  /** Adds everything `other` counted. */
  merge(other: Accumulator): void {
    this.total += other.total;
    for (let i = 0; i < this.lifecycle.length; i++) this.lifecycle[i]! += other.lifecycle[i]!;
    for (let i = 0; i < this.schedule.length; i++) this.schedule[i]! += other.schedule[i]!;
    for (let i = 0; i < this.health.length; i++) this.health[i]! += other.health[i]!;
    this.noRecentReport += other.noRecentReport;
    this.late += other.late;
    this.lateSum += other.lateSum;
    if (other.lateMax !== null && (this.lateMax === null || other.lateMax > this.lateMax))
      this.lateMax = other.lateMax;
  }

  result(): GroupStats {
    const lifecycle = zeros(MILESTONE_LIFECYCLES);
    MILESTONE_LIFECYCLES.forEach((l, i) => (lifecycle[l] = this.lifecycle[i]!));
    const schedule = zeros(SCHEDULE_STATES);
    SCHEDULE_STATES.forEach((s, i) => (schedule[s] = this.schedule[i]!));
    const health = zeros(HEALTH_COLOURS);
    HEALTH_COLOURS.forEach((h, i) => (health[h] = this.health[i]!));
    const assessed = this.total - lifecycle.cancelled - lifecycle.withdrawn;
    const judged = schedule.completed_on_time + schedule.completed_late + schedule.overdue;
    return {
      total: this.total,
      lifecycle,
      schedule,
      health,
      noRecentReport: this.noRecentReport,
      completed: lifecycle.accepted,
      completionRate: assessed > 0 ? round(lifecycle.accepted / assessed, 4) : null,
      punctualityRate: judged > 0 ? round(schedule.completed_on_time / judged, 4) : null,
      overdue: schedule.overdue,
      late: this.late,
      meanDaysLate: this.late > 0 ? round(this.lateSum / this.late, 1) : null,
      maxDaysLate: this.lateMax,
    };
  }
}
