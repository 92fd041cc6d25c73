import {
  ACTOR_ROLES,
  type ActorRole,
  MILESTONE_COMMAND_LABELS,
  MILESTONE_COMMAND_TYPES,
  type MilestoneCommandName,
} from '../labels';
import type { EvidenceRef, IndicatorActual } from './milestone.events';

export { ACTOR_ROLE_LABELS_ZH, ACTOR_ROLES, type ActorRole } from '../labels/milestone.labels';

export function isActorRole(role: unknown): role is ActorRole {
  return typeof role === 'string' && (ACTOR_ROLES as readonly string[]).includes(role);
}

/** Who issues a command. A reporter is bound to one unit (unit id, e.g. `u-transport`). */
export interface MilestoneActor {
  readonly role: ActorRole;
  readonly unit?: string;
}

/**
 * The assignment (承办事项) a command is for: the key of one (the lead unit's id on a 分别牵头 milestone). Optional
 * when the milestone has one assignment, when the reporter's unit leads one of them, for a 销号 or return while
 * exactly one awaits verification, and for a re-baseline, target revision or cancellation of the whole milestone.
 */
export interface AssignmentScopedData {
  readonly assignment?: string;
}

export interface ReportProgressData extends AssignmentScopedData {
  /** Whole percent, 0–100. */
  readonly percent: number;
  readonly narrative: string;
  /** YYYY-MM-DD */
  readonly forecastDate?: string;
  readonly indicatorActuals?: readonly IndicatorActual[];
  readonly evidence?: readonly EvidenceRef[];
  /** Required when the percent goes down. */
  readonly reason?: string;
}

export interface ReportDelayData extends AssignmentScopedData {
  readonly reason: string;
  /** YYYY-MM-DD */
  readonly forecastDate: string;
}

export interface SubmitCompletionData extends AssignmentScopedData {
  /** YYYY-MM-DD, not after the date the completion is reported. */
  readonly completedOn: string;
  readonly narrative: string;
  /** At least one piece. */
  readonly evidence: readonly EvidenceRef[];
  readonly indicatorActuals?: readonly IndicatorActual[];
}

export interface AcceptCompletionData extends AssignmentScopedData {
  readonly note?: string;
}

export interface ReturnCompletionData extends AssignmentScopedData {
  readonly reason: string;
}

export interface RebaselineDueDateData extends AssignmentScopedData {
  /** YYYY-MM-DD, different from the current due date. */
  readonly newDueDate: string;
  readonly reason: string;
}

export interface ReviseIndicatorTargetData extends AssignmentScopedData {
  readonly metric: string;
  readonly newTarget: number;
  readonly reason: string;
}

export interface CancelMilestoneData extends AssignmentScopedData {
  readonly reason: string;
}

/** Command type → data. The single source of the command union below. */
export interface MilestoneCommandDataByType {
  ReportProgress: ReportProgressData;
  ReportDelay: ReportDelayData;
  SubmitCompletion: SubmitCompletionData;
  /** 销号 */
  AcceptCompletion: AcceptCompletionData;
  /** 退回 */
  ReturnCompletion: ReturnCompletionData;
  RebaselineDueDate: RebaselineDueDateData;
  ReviseIndicatorTarget: ReviseIndicatorTargetData;
  CancelMilestone: CancelMilestoneData;
}

/** The command types (their list and labels: `@app/milestones/labels`); each has its data above. */
export type MilestoneCommandType = MilestoneCommandName;

export interface MilestoneCommandOf<T extends MilestoneCommandType> {
  readonly type: T;
  readonly data: MilestoneCommandDataByType[T];
  readonly actor: MilestoneActor;
  /** When it happened (ISO 8601 instant with a zone); defaults to `now`. May be in the past. */
  readonly occurredAt?: string;
}

export type ReportProgress = MilestoneCommandOf<'ReportProgress'>;
export type ReportDelay = MilestoneCommandOf<'ReportDelay'>;
export type SubmitCompletion = MilestoneCommandOf<'SubmitCompletion'>;
export type AcceptCompletion = MilestoneCommandOf<'AcceptCompletion'>;
export type ReturnCompletion = MilestoneCommandOf<'ReturnCompletion'>;
export type RebaselineDueDate = MilestoneCommandOf<'RebaselineDueDate'>;
export type ReviseIndicatorTarget = MilestoneCommandOf<'ReviseIndicatorTarget'>;
export type CancelMilestone = MilestoneCommandOf<'CancelMilestone'>;

/** Discriminated union of every milestone command (on `type`). */
export type MilestoneCommand = { [T in MilestoneCommandType]: MilestoneCommandOf<T> }[MilestoneCommandType];

/**
 * Who may issue each command and in which lifecycle: the one table `authorize` and `admit` read (admins may issue
 * any, viewers none).
 * - `supervisor`: whether the supervising office (督查室) may;
 * - `reporter`: a unit's reporter where its unit leads or cooperates (`responsible`), only where it leads
 *   (`lead`), or never;
 * - `lifecycle`: what the milestone or assignment must be: `reportable` (open, not submitted, not accepted),
 *   `claimable` (not submitted, not accepted), `awaiting_verification` (submitted), `not_accepted`;
 * - `wide`: naming no assignment on a milestone with several, it applies to the whole milestone (else it
 *   is for the reporter's own assignment or, for 销号/退回, the only one awaiting verification).
 */
export interface MilestoneCommandPolicy {
  readonly supervisor: boolean;
  readonly reporter: 'responsible' | 'lead' | 'never';
  readonly lifecycle: 'reportable' | 'claimable' | 'awaiting_verification' | 'not_accepted';
  readonly wide: boolean;
}

export const MILESTONE_COMMAND_POLICY: { readonly [T in MilestoneCommandType]: MilestoneCommandPolicy } = {
  ReportProgress: { supervisor: true, reporter: 'responsible', lifecycle: 'reportable', wide: false },
  ReportDelay: { supervisor: true, reporter: 'responsible', lifecycle: 'reportable', wide: false },
  // The office verifies claims, it does not make them.
  SubmitCompletion: { supervisor: false, reporter: 'lead', lifecycle: 'claimable', wide: false },
  AcceptCompletion: { supervisor: true, reporter: 'never', lifecycle: 'awaiting_verification', wide: false },
  ReturnCompletion: { supervisor: true, reporter: 'never', lifecycle: 'awaiting_verification', wide: false },
  RebaselineDueDate: { supervisor: true, reporter: 'never', lifecycle: 'not_accepted', wide: true },
  ReviseIndicatorTarget: { supervisor: true, reporter: 'never', lifecycle: 'not_accepted', wide: true },
  CancelMilestone: { supervisor: true, reporter: 'never', lifecycle: 'not_accepted', wide: true },
};

/**
 * The roles that may issue a command somewhere (admins always may): what the API's route admits before it reads
 * anything; `authorize` decides the rest (the unit, the assignment).
 */
export function rolesIssuing(type: MilestoneCommandType): readonly ActorRole[] {
  const policy = MILESTONE_COMMAND_POLICY[type];
  return [
    ...(policy.reporter !== 'never' ? (['reporter'] as const) : []),
    ...(policy.supervisor ? (['supervisor'] as const) : []),
  ];
}

export { MILESTONE_COMMAND_LABELS, MILESTONE_COMMAND_TYPES };
