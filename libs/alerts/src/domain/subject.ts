import { daysBetween, type HealthThresholds, type IsoDate } from '@app/platform';
import {
  assignmentFacts,
  type AssignmentState,
  type AssessmentFacts,
  type MilestoneState,
} from '@app/milestones';
import { alertKey, type AlertLevel, type AlertMilestoneSnapshot, type AlertReason } from './alert.events';
import type { AlertRule } from './rules';

/**
 * What the rules judge: one assignment (承办事项) of a milestone. A milestone with one assignment is judged as a
 * whole (keys and snapshots as before assignments existed); with several, each assignment on its own: its key
 * carries the assignment (`<rule>:<milestoneId>@<assignment>:<disc>`) and its snapshot names the assignment's
 * lead units only, so the alert goes to the unit that is late, not to every lead unit of the milestone.
 */
export interface AlertSubject {
  readonly milestone: MilestoneState;
  readonly a: AssignmentState;
  /** True when the milestone has several assignments: the key and the snapshot name this one. */
  readonly scoped: boolean;
}

export interface RuleSettings {
  readonly dueSoonDays: readonly number[];
  readonly overdueRepeatDays: number;
  readonly escalationDays: number;
  readonly disabledRules: readonly string[];
  readonly health: HealthThresholds;
}

/**
 * An alert's assignment as of a day, as the read side knows it (the board's version of it then): what a rule
 * restates the alert's figures from (`restate`), without reading the milestone's events.
 */
export interface SubjectAsOf {
  readonly lifecycle: AssignmentState['lifecycle'];
  readonly submittedOn: IsoDate | null;
  readonly percent: number | null;
  readonly dueDate: IsoDate;
  readonly period: AssessmentFacts['period'];
}

/** A condition that holds: what a new alert for it would say. */
export interface Condition {
  readonly rule: AlertRule;
  readonly disc: string;
  readonly key: string;
  readonly level: AlertLevel;
  readonly reasons: readonly AlertReason[];
  readonly facts: Readonly<Record<string, string | number | null>>;
  readonly milestone: AlertMilestoneSnapshot;
}

/** The assignments of a milestone as the rules judge them (withdrawn ones too: their alerts must resolve). */
export function subjectsOf(s: MilestoneState): AlertSubject[] {
  const scoped = s.assignments.length > 1;
  return s.assignments.map((a) => ({ milestone: s, a, scoped }));
}

/** The subject an alert was raised about, in the milestone's current state, or undefined when it is gone. */
export function subjectFor(s: MilestoneState, assignment: string | undefined): AlertSubject | undefined {
  const all = subjectsOf(s);
  if (assignment === undefined) return all.length === 1 ? all[0] : undefined;
  return all.find((x) => x.scoped && x.a.key === assignment);
}

/** The alert key's subject part: the milestone, or `<milestoneId>@<assignment>` for one of several. */
export function subjectKey(x: AlertSubject): string {
  return x.scoped ? `${x.milestone.milestoneId}@${x.a.key}` : x.milestone.milestoneId;
}

export function snapshot(x: AlertSubject): AlertMilestoneSnapshot {
  const s = x.milestone;
  return {
    milestoneId: s.milestoneId,
    taskNo: s.taskNo,
    taskTitle: s.taskTitle,
    text: s.text,
    dueDate: x.a.dueDate,
    baselineDueDate: s.baselineDueDate,
    leadUnits: x.scoped ? [...x.a.leadUnits] : [...s.leadUnits],
    cooperatingUnits: [...s.cooperatingUnits],
    ...(x.scoped ? { assignment: x.a.key } : {}),
  };
}

export function facts(x: AlertSubject): AssessmentFacts {
  return assignmentFacts(x.milestone, x.a);
}

export function condition(
  x: AlertSubject,
  rule: AlertRule,
  disc: string,
  level: AlertLevel,
  reasons: readonly AlertReason[],
  figures: Record<string, string | number | null>,
): Condition {
  return {
    rule,
    disc,
    key: alertKey(rule, subjectKey(x), disc),
    level,
    reasons,
    facts: figures,
    milestone: snapshot(x),
  };
}

/** Lifecycles in which the unit is still at work (not submitted, not closed). */
export function atWork(x: AlertSubject): boolean {
  const l = x.a.lifecycle;
  return l === 'planned' || l === 'in_progress' || l === 'returned';
}

export function closed(x: AlertSubject): boolean {
  const l = x.a.lifecycle;
  return l === 'accepted' || l === 'cancelled' || l === 'withdrawn';
}

export function isOverdue(x: AlertSubject, asOf: IsoDate): boolean {
  return !closed(x) && x.a.dueDate !== '' && asOf > x.a.dueDate;
}

export function daysOverdue(x: AlertSubject, asOf: IsoDate): number {
  return daysBetween(x.a.dueDate, asOf);
}

export function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

export const SUBMITTED: AlertReason = {
  code: 'submitted',
  zh: '已提交完成，待核验',
  en: 'Completion submitted',
};

export const BECAME_OVERDUE: AlertReason = {
  code: 'overdue',
  zh: '已过截止日期，转为逾期预警',
  en: 'Past the due date: superseded by the overdue alert',
};

export function rebaselined(x: AlertSubject): AlertReason {
  return {
    code: 'due_date_changed',
    zh: `完成时限已调整为${x.a.dueDate}`,
    en: `Due date changed to ${x.a.dueDate}`,
  };
}
