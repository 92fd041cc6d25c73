/**
 * The scenario of the read-models issue, with hand-computed expectations. Four milestones of 2021, all due
 * 2021-06-30 in the plan, in two zones:
 *   M1 都市核心区  on time: 50 % (03-15), 85 % (06-01), submitted 06-20, accepted 06-25
 *   M2 都市核心区  10 days late: 60 % (04-01), 90 % (06-05), submitted 07-10, accepted 07-15
 *   M3 大广海湾区  overdue: 30 % (03-01); 80 % dated 06-10 but recorded last (backdated)
 *   M4 大广海湾区  re-baselined on 05-10 to 2021-12-31: 60 % (06-15), 70 % (07-20)
 * Defaults: cadence 31 days, red < 85 % and amber < 95 % of expected, amber within 10 working days, due soon
 * within 30 days. "Today" (the clock) is 2021-07-31.
 *
 * Expected progress on 06-15 for a milestone due 06-30: 165 / 180 days = 91.67 %, so red below 77.92 %,
 * amber below 87.08 %; June 16–30 holds 11 working days (not yet "due within 10").
 *   on 2021-06-15: M1 amber (85 %: slightly behind; never red: silent, hence grey, from 04-16, before its
 *     50 % fell below 85 % of the expectation on 04-17) · M2 green (90 %; 60 % on 04-01 was ahead, and it was
 *     grey from 05-03 before it could turn red on 05-08) · M4 green (60 % of 45.3 % expected,
 *     due 12-31) · M3 amber (80 % on 06-10: slightly behind, and recovering: it was red from 03-06, when 30 %
 *     fell below 85 % of the expectation) — but as known before the backdated report, M3 is grey (no report
 *     since 03-01, 106 days). Schedules: M1, M2, M3 due soon (15 days), M4 not due.
 *   on 2021-07-31: M1 completed on time, M2 completed 10 days late, M3 overdue by 31 days (red, and behind:
 *     80 % of an expected 100 %), M4 not due
 *     (green: 70 % of 58.0 % expected), 31 days behind its baseline.
 */

const zeros = <K extends string>(keys: readonly K[], set: Partial<Record<K, number>> = {}) =>
  Object.fromEntries(keys.map((k) => [k, set[k] ?? 0]));
const LIFECYCLES = [
  'planned',
  'in_progress',
  'submitted',
  'accepted',
  'returned',
  'cancelled',
  'withdrawn',
] as const;
const SCHEDULES = [
  'not_due',
  'due_soon',
  'overdue',
  'completed_on_time',
  'completed_late',
  'cancelled',
] as const;
const COLOURS = ['red', 'amber', 'green', 'grey'] as const;

/** A group's statistics, from the counts that are not zero. */
export function stats(o: {
  total: number;
  lifecycle: Partial<Record<(typeof LIFECYCLES)[number], number>>;
  schedule: Partial<Record<(typeof SCHEDULES)[number], number>>;
  health: Partial<Record<(typeof COLOURS)[number], number>>;
  noRecentReport?: number;
  completionRate: number | null;
  punctualityRate: number | null;
  late?: number;
  meanDaysLate?: number | null;
  maxDaysLate?: number | null;
}) {
  return {
    total: o.total,
    lifecycle: zeros(LIFECYCLES, o.lifecycle),
    schedule: zeros(SCHEDULES, o.schedule),
    health: zeros(COLOURS, o.health),
    noRecentReport: o.noRecentReport ?? 0,
    completed: o.lifecycle.accepted ?? 0,
    completionRate: o.completionRate,
    punctualityRate: o.punctualityRate,
    overdue: o.schedule.overdue ?? 0,
    late: o.late ?? 0,
    meanDaysLate: o.meanDaysLate ?? null,
    maxDaysLate: o.maxDaysLate ?? null,
  };
}

/** A named zone's group: no city-wide milestone in this plan, so the zones leave none out. */
export const zone = <T extends object>(s: T) => ({ ...s, cityWideExcluded: 0 });

export const EMPTY = stats({
  total: 0,
  lifecycle: {},
  schedule: {},
  health: {},
  completionRate: null,
  punctualityRate: null,
});

// ---- hand-computed groups, 2021-07-31 (everything known; the backdated report changes no count then)
export const M1_JUL = stats({
  total: 1,
  lifecycle: { accepted: 1 },
  schedule: { completed_on_time: 1 },
  health: { green: 1 },
  completionRate: 1,
  punctualityRate: 1,
});
export const M2_JUL = stats({
  total: 1,
  lifecycle: { accepted: 1 },
  schedule: { completed_late: 1 },
  health: { green: 1 },
  completionRate: 1,
  punctualityRate: 0,
  late: 1,
  meanDaysLate: 10,
  maxDaysLate: 10,
});
export const M3_JUL = stats({
  total: 1,
  lifecycle: { in_progress: 1 },
  schedule: { overdue: 1 },
  health: { red: 1 },
  completionRate: 0,
  punctualityRate: 0,
  late: 1,
  meanDaysLate: 31,
  maxDaysLate: 31,
});
export const M4_JUL = stats({
  total: 1,
  lifecycle: { in_progress: 1 },
  schedule: { not_due: 1 },
  health: { green: 1 },
  completionRate: 0,
  punctualityRate: null,
});
export const CORE_JUL = stats({
  total: 2,
  lifecycle: { accepted: 2 },
  schedule: { completed_on_time: 1, completed_late: 1 },
  health: { green: 2 },
  completionRate: 1,
  punctualityRate: 0.5,
  late: 1,
  meanDaysLate: 10,
  maxDaysLate: 10,
});
export const BAY_JUL = stats({
  total: 2,
  lifecycle: { in_progress: 2 },
  schedule: { overdue: 1, not_due: 1 },
  health: { red: 1, green: 1 },
  completionRate: 0,
  punctualityRate: 0,
  late: 1,
  meanDaysLate: 31,
  maxDaysLate: 31,
});
export const ALL_JUL = stats({
  total: 4,
  lifecycle: { accepted: 2, in_progress: 2 },
  schedule: { completed_on_time: 1, completed_late: 1, overdue: 1, not_due: 1 },
  health: { green: 3, red: 1 },
  completionRate: 0.5,
  punctualityRate: 0.3333,
  late: 2,
  meanDaysLate: 20.5,
  maxDaysLate: 31,
});

// ---- 2021-06-15, everything known
export const CORE_JUN = stats({
  total: 2,
  lifecycle: { in_progress: 2 },
  schedule: { due_soon: 2 },
  health: { amber: 1, green: 1 },
  completionRate: 0,
  punctualityRate: null,
});
export const BAY_JUN = stats({
  total: 2,
  lifecycle: { in_progress: 2 },
  schedule: { due_soon: 1, not_due: 1 },
  health: { amber: 1, green: 1 },
  completionRate: 0,
  punctualityRate: null,
});
export const ALL_JUN = stats({
  total: 4,
  lifecycle: { in_progress: 4 },
  schedule: { due_soon: 3, not_due: 1 },
  health: { amber: 2, green: 2 },
  completionRate: 0,
  punctualityRate: null,
});
// ---- 2021-06-15 as known before the backdated report was recorded: M3 grey (silent since 03-01)
export const BAY_JUN_BEFORE = stats({
  total: 2,
  lifecycle: { in_progress: 2 },
  schedule: { due_soon: 1, not_due: 1 },
  health: { grey: 1, green: 1 },
  noRecentReport: 1,
  completionRate: 0,
  punctualityRate: null,
});
export const ALL_JUN_BEFORE = stats({
  total: 4,
  lifecycle: { in_progress: 4 },
  schedule: { due_soon: 3, not_due: 1 },
  health: { amber: 1, green: 2, grey: 1 },
  noRecentReport: 1,
  completionRate: 0,
  punctualityRate: null,
});
