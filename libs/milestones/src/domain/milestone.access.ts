import { assertUnreachable } from '@app/platform';

import {
  ACTOR_ROLE_LABELS_ZH,
  isActorRole,
  MILESTONE_COMMAND_LABELS,
  MILESTONE_COMMAND_TYPES,
  type MilestoneActor,
  type MilestoneCommandType,
} from './milestone.commands';
import { MilestoneError, MilestoneErrorCode } from './milestone.errors';
import type { MilestoneState } from './milestone';

/** What the supervising office (督查室) may do: verify, return, adjust, cancel, and report on its own account. */
const SUPERVISOR_COMMANDS: ReadonlySet<MilestoneCommandType> = new Set<MilestoneCommandType>([
  'AcceptCompletion',
  'ReturnCompletion',
  'RebaselineDueDate',
  'ReviseIndicatorTarget',
  'CancelMilestone',
  'ReportProgress',
  'ReportDelay',
]);

function forbidden(
  code:
    | MilestoneErrorCode.FORBIDDEN_ROLE
    | MilestoneErrorCode.FORBIDDEN_NOT_RESPONSIBLE
    | MilestoneErrorCode.FORBIDDEN_NOT_LEAD_UNIT,
  actor: MilestoneActor,
  commandType: MilestoneCommandType,
): MilestoneError {
  const role = String(actor.role);
  return new MilestoneError(code, {
    details: {
      role,
      roleZh: isActorRole(actor.role) ? ACTOR_ROLE_LABELS_ZH[actor.role] : role,
      unit: actor.unit ?? '',
      command: commandType,
      action: MILESTONE_COMMAND_LABELS[commandType].en,
      actionZh: MILESTONE_COMMAND_LABELS[commandType].zh,
    },
  });
}

/**
 * May this actor issue this command on this milestone? Throws a `forbidden` MilestoneError if not.
 * - admin: anything;
 * - supervisor: accept, return, re-baseline, revise a target, cancel, and report progress or a delay
 *   (not submit completion: the office verifies claims, it does not make them);
 * - reporter: progress and delays where its unit leads or cooperates; completion only where it leads;
 * - viewer: nothing.
 */
export function authorize(
  actor: MilestoneActor,
  commandType: MilestoneCommandType,
  state: MilestoneState,
): void {
  if (!isActorRole(actor.role)) throw forbidden(MilestoneErrorCode.FORBIDDEN_ROLE, actor, commandType);
  switch (actor.role) {
    case 'admin':
      return;
    case 'supervisor':
      if (SUPERVISOR_COMMANDS.has(commandType)) return;
      throw forbidden(MilestoneErrorCode.FORBIDDEN_ROLE, actor, commandType);
    case 'reporter':
      return authorizeReporter(actor, commandType, state);
    case 'viewer':
      throw forbidden(MilestoneErrorCode.FORBIDDEN_ROLE, actor, commandType);
    default:
      return assertUnreachable(actor.role, 'actor role');
  }
}

function authorizeReporter(
  actor: MilestoneActor,
  commandType: MilestoneCommandType,
  state: MilestoneState,
): void {
  const unit = actor.unit;
  const leads = unit !== undefined && state.leadUnits.includes(unit);
  const cooperates = unit !== undefined && state.cooperatingUnits.includes(unit);
  switch (commandType) {
    case 'ReportProgress':
    case 'ReportDelay':
      if (leads || cooperates) return;
      throw forbidden(MilestoneErrorCode.FORBIDDEN_NOT_RESPONSIBLE, actor, commandType);
    case 'SubmitCompletion':
      if (leads) return;
      throw forbidden(
        cooperates
          ? MilestoneErrorCode.FORBIDDEN_NOT_LEAD_UNIT
          : MilestoneErrorCode.FORBIDDEN_NOT_RESPONSIBLE,
        actor,
        commandType,
      );
    case 'AcceptCompletion':
    case 'ReturnCompletion':
    case 'RebaselineDueDate':
    case 'ReviseIndicatorTarget':
    case 'CancelMilestone':
      throw forbidden(MilestoneErrorCode.FORBIDDEN_ROLE, actor, commandType);
    default:
      return assertUnreachable(commandType, 'milestone command type');
  }
}

/** `authorize` as a boolean. */
export function isAuthorized(
  actor: MilestoneActor,
  commandType: MilestoneCommandType,
  state: MilestoneState,
): boolean {
  try {
    authorize(actor, commandType, state);
    return true;
  } catch (e) {
    if (e instanceof MilestoneError) return false;
    throw e;
  }
}

/** The commands this actor may issue on this milestone (its lifecycle may still refuse some). */
export function authorizedCommands(actor: MilestoneActor, state: MilestoneState): MilestoneCommandType[] {
  return MILESTONE_COMMAND_TYPES.filter((t) => isAuthorized(actor, t, state));
}
