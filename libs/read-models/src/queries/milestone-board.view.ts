import { HEALTH_LABELS_ZH, SCHEDULE_LABELS_ZH } from '@app/milestones/labels';
import {
  countedAssignments,
  healthAt,
  MILESTONE_LIFECYCLE_LABELS_ZH,
  scheduleAt,
  type HealthColour,
  type HealthReason,
  type ScheduleStatus,
} from '@app/milestones';
import type { IsoDate } from '@app/platform';
import { factsOf, type BoardAssignmentState } from '../milestone-board/facts-state';
import type { TimelineRules } from '../milestone-board/health-steps';
import {
  SHOWN_FACTS,
  stateFromRow,
  type Shown,
  type ShownAs,
  type ShownFacts,
} from '../milestone-board/fact-columns';
import type { AssignmentRow } from './assignment-rows';
import { milestoneAnswer, type AssignmentAnswer } from './milestone-answer';

export interface UnitRef {
  readonly id: string;
  readonly name: string;
}

export interface HealthView {
  readonly colour: HealthColour;
  readonly zh: string;
  /** Why; on a milestone with several assignments, the reasons of those that make it this colour, each naming it. */
  readonly reasons: readonly (HealthReason & { readonly assignment?: string })[];
}

/**
 * One assignment (承办事项) of a milestone with several: its lead unit(s), the facts the board shows (`ShownFacts`:
 * the fact columns marked `shown`, e.g. lifecycle, percent, forecast, due and report dates) and its own three axes.
 */
export interface AssignmentView extends ShownFacts {
  /** The lead unit's id (`joint` for a 共同牵头 milestone's one assignment). */
  readonly key: string;
  readonly leadUnits: readonly UnitRef[];
  readonly lifecycleZh: string;
  /** Days late: completed late, or overdue so far (null when not late). */
  readonly daysLate: number | null;
  readonly schedule: ScheduleStatus & { readonly zh: string };
  readonly health: HealthView;
}

/**
 * One row of the milestone board: the three axes kept apart (lifecycle, schedule, health). Its shown facts, from
 * its assignments (`Shown`): derived by the rules (lifecycle: theirs when they agree, submitted when all are
 * submitted or accepted…; percent: the mean of the live ones, an unreported one as 0; due date: the latest of the
 * live ones; the last report, submission and acceptance), the most (backdated events: reported more than 30 days
 * after they happened), the latest (forecast), the first set (last return reason), the milestone's own (baseline).
 */
export interface MilestoneBoardView extends ShownFacts {
  readonly id: string;
  readonly planKey: string;
  readonly taskNo: number;
  readonly taskTitle: string;
  readonly section: number;
  readonly text: string;
  /** The year of the (plan's) baseline due date. */
  readonly year: number;
  readonly period: { readonly from: number; readonly to: number };
  /** Functional zones; empty for a city-wide (全市) task. */
  readonly zones: readonly string[];
  /** 全市: the task is in no named zone (grouped under 全市 in the roll-ups). */
  readonly cityWide: boolean;
  readonly districts: readonly string[];
  /** 牵头单位 */
  readonly leadUnits: readonly UnitRef[];
  /** 配合单位 */
  readonly cooperatingUnits: readonly UnitRef[];
  readonly lifecycleZh: string;
  /** Lowest and highest percent of the live assignments, when there are several; else null. */
  readonly percentRange: { readonly min: number; readonly max: number } | null;
  /** The worst assignment's schedule; `daysLate` the most of any assignment. */
  readonly schedule: ScheduleStatus & { readonly zh: string };
  /** The worst assignment's colour. */
  readonly health: HealthView;
  /** The latest version of the facts this row shows: its effective date and the event position that wrote it. */
  readonly version: { readonly effectiveOn: IsoDate; readonly position: number };
  /** Each assignment, when there are several (分别牵头); absent when the milestone is its one assignment. */
  readonly assignments?: readonly AssignmentView[];
}

const latest = (values: readonly (IsoDate | null)[]): IsoDate | null =>
  values.reduce<IsoDate | null>((m, v) => (v !== null && (m === null || v > m) ? v : m), null);

/** How a milestone with several assignments shows a fact of theirs, but those the rules derive (`Shown`). */
const COMBINE: Record<Exclude<Shown, 'rules'>, (values: readonly unknown[]) => unknown> = {
  most: (values) => Math.max(...(values as number[])),
  latest: (values) => latest(values as (IsoDate | null)[]),
  firstSet: (values) => values.find((v) => v !== null) ?? null,
  same: (values) => values[0],
};

/** The shown facts of an assignment. */
function shownOf(s: BoardAssignmentState): ShownFacts {
  const out: Partial<Record<keyof ShownFacts, unknown>> = {};
  for (const { field } of SHOWN_FACTS) out[field] = s[field];
  return out as ShownFacts;
}

/** The shown facts of a milestone from its assignments', but those the rules derive (`milestoneAnswer`). */
function combinedOf(states: readonly BoardAssignmentState[]): Omit<ShownFacts, ShownAs<'rules'>> {
  const out: Partial<Record<keyof ShownFacts, unknown>> = {};
  for (const { field, shown } of SHOWN_FACTS) {
    if (shown !== 'rules') out[field] = COMBINE[shown](states.map((s) => s[field]));
  }
  return out as Omit<ShownFacts, ShownAs<'rules'>>;
}

/** One assignment at asOf: the rules' schedule and health (with reasons) of its facts. */
function assignmentView(
  r: AssignmentRow,
  asOf: IsoDate,
  rules: TimelineRules,
  unitName: (id: string) => string,
): AssignmentView & { readonly state: BoardAssignmentState; readonly answer: AssignmentAnswer } {
  const state = stateFromRow(r, r.assignment, r.assignment_lead_units);
  const facts = factsOf(state, r.red_flag_in);
  const schedule = scheduleAt(facts, asOf);
  const health = healthAt(facts, asOf, rules.thresholds, rules.calendar);
  const daysLate = schedule.daysLate !== undefined && schedule.daysLate > 0 ? schedule.daysLate : null;
  return {
    key: r.assignment,
    leadUnits: r.assignment_lead_units.map((id) => ({ id, name: unitName(id) })),
    ...shownOf(state),
    lifecycleZh: MILESTONE_LIFECYCLE_LABELS_ZH[r.lifecycle],
    daysLate,
    schedule: { ...schedule, zh: SCHEDULE_LABELS_ZH[schedule.state] },
    health: { colour: health.colour, zh: HEALTH_LABELS_ZH[health.colour], reasons: health.reasons },
    state,
    answer: {
      lifecycle: r.lifecycle,
      cancelledWithMilestone: state.cancelledWithMilestone,
      percent: r.percent,
      dueDate: r.due_date,
      submittedOn: r.submitted_on,
      acceptedOn: r.accepted_on,
      lastReportOn: r.last_report_on,
      schedule: schedule.state,
      daysLate,
      health: health.colour,
      closedReason: null,
      closedOn: null,
    },
  };
}

/**
 * A milestone at asOf from its assignments' rows (plan order, each at its version in force): every assignment
 * judged by the rules (`scheduleAt`, `healthAt`: the figures and the reasons), the milestone by `milestoneAnswer`
 * — the same rules the roll-ups count with (`BoardEvaluation`).
 */
export function toBoardView(
  rows: readonly AssignmentRow[],
  asOf: IsoDate,
  rules: TimelineRules,
  unitName: (id: string) => string,
): MilestoneBoardView {
  const first = rows[0]!;
  const views = rows.map((r) => assignmentView(r, asOf, rules, unitName));
  const answer = milestoneAnswer(views.map((v) => v.answer));
  const worst = views[answer.worst]!;
  const several = rows.length > 1;
  const counted = countedAssignments(views.map((v) => v.answer));
  const latestVersion = rows.reduce((m, r) =>
    r.version_on > m.version_on ||
    (r.version_on === m.version_on && Number(r.version_position) > Number(m.version_position))
      ? r
      : m,
  );
  return {
    id: first.milestone_id,
    planKey: first.plan_key,
    taskNo: first.task_no,
    taskTitle: first.task_title,
    section: first.section,
    text: first.text,
    year: Number(first.baseline_due_date.slice(0, 4)),
    period: { from: first.period_from, to: first.period_to },
    zones: first.zones,
    cityWide: first.city_wide,
    districts: first.districts,
    leadUnits: first.lead_units.map((id) => ({ id, name: unitName(id) })),
    cooperatingUnits: first.cooperating_units.map((id) => ({ id, name: unitName(id) })),
    ...combinedOf(views.map((v) => v.state)),
    lifecycle: answer.lifecycle,
    lifecycleZh: MILESTONE_LIFECYCLE_LABELS_ZH[answer.lifecycle],
    percent: answer.percent,
    percentRange: answer.percentRange,
    lastReportOn: answer.lastReportOn,
    dueDate: answer.dueDate,
    submittedOn: answer.submittedOn,
    acceptedOn: answer.acceptedOn,
    schedule: { ...worst.schedule, ...(answer.daysLate !== null ? { daysLate: answer.daysLate } : {}) },
    health: {
      colour: answer.health,
      zh: HEALTH_LABELS_ZH[answer.health],
      reasons: several
        ? views
            .filter((v) => v.health.colour === answer.health && counted.includes(v.answer))
            .flatMap((v) => v.health.reasons.map((reason) => ({ ...reason, assignment: v.key })))
        : worst.health.reasons,
    },
    version: { effectiveOn: latestVersion.version_on, position: Number(latestVersion.version_position) },
    ...(several ? { assignments: views.map(({ answer: _answer, state: _state, ...v }) => v) } : {}),
  };
}
