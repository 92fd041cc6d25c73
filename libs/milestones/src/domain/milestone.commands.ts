import {
  ACTOR_ROLES,
  type ActorRole,
  MILESTONE_COMMAND_LABELS,
  MILESTONE_COMMAND_TYPES,
  type MilestoneCommandName,
} from '../labels';
import { eachCommand, type CommandDataByType } from './commands/tables';

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

/**
 * Command type → data: each command's own, from its module (`commands/<command>.command.ts`). The single source of
 * the command union below.
 */
export type MilestoneCommandDataByType = CommandDataByType;

/** The command types (their list and labels: `@app/milestones/labels`); each has its module and its data. */
export type MilestoneCommandType = MilestoneCommandName;

/** A command of type `T` with data `D` (each module types its decider by it). */
export interface MilestoneCommandEnvelope<T extends string, D> {
  readonly type: T;
  readonly data: D;
  readonly actor: MilestoneActor;
  /** When it happened (ISO 8601 instant with a zone); defaults to `now`. May be in the past. */
  readonly occurredAt?: string;
}

export type MilestoneCommandOf<T extends MilestoneCommandType> = MilestoneCommandEnvelope<
  T,
  MilestoneCommandDataByType[T]
>;

/** Discriminated union of every milestone command (on `type`). */
export type MilestoneCommand = { [T in MilestoneCommandType]: MilestoneCommandOf<T> }[MilestoneCommandType];

/**
 * Who may issue a command and in which lifecycle (each command's module has its own; `MILESTONE_COMMAND_POLICY` is
 * the table `authorize` and `admit` read; admins may issue any, viewers none).
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

/** Each command's policy, from its module. */
export const MILESTONE_COMMAND_POLICY: { readonly [T in MilestoneCommandType]: MilestoneCommandPolicy } =
  eachCommand('policy');

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
