import { assertUnreachable } from '@app/platform';

import {
  ACTOR_ROLE_LABELS_ZH,
  isActorRole,
  MILESTONE_COMMAND_LABELS,
  MILESTONE_COMMAND_POLICY,
  MILESTONE_COMMAND_TYPES,
  type MilestoneActor,
  type MilestoneCommandType,
} from './milestone.commands';
import { MilestoneError, MilestoneErrorCode } from './milestone.errors';
import { assignmentLedBy, type AssignmentState } from './state/assignment';
import type { MilestoneState } from './state/milestone-state';

function forbidden(
  code:
    | MilestoneErrorCode.FORBIDDEN_ROLE
    | MilestoneErrorCode.FORBIDDEN_NOT_RESPONSIBLE
    | MilestoneErrorCode.FORBIDDEN_NOT_LEAD_UNIT
    | MilestoneErrorCode.FORBIDDEN_OTHER_ASSIGNMENT,
  actor: MilestoneActor,
  commandType: MilestoneCommandType,
  more: Readonly<Record<string, string>> = {},
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
      ...more,
    },
  });
}

/**
 * May this actor issue this command on this milestone (and, when given, on this assignment of it)? Throws a
 * `forbidden` MilestoneError if not.
 * - admin: anything;
 * - supervisor: accept, return, re-baseline, revise a target, cancel, and report progress or a delay
 *   (not submit completion: the office verifies claims, it does not make them);
 * - reporter: progress and delays where its unit leads or cooperates; completion only where it leads. On a
 *   分别牵头 milestone a lead unit answers for its own assignment only (cooperating units may report on any);
 * - viewer: nothing.
 */
export function authorize(
  actor: MilestoneActor,
  commandType: MilestoneCommandType,
  state: MilestoneState,
  assignment?: AssignmentState,
): void {
  if (!isActorRole(actor.role)) throw forbidden(MilestoneErrorCode.FORBIDDEN_ROLE, actor, commandType);
  switch (actor.role) {
    case 'admin':
      return;
    case 'supervisor':
      if (MILESTONE_COMMAND_POLICY[commandType].supervisor) return;
      throw forbidden(MilestoneErrorCode.FORBIDDEN_ROLE, actor, commandType);
    case 'reporter':
      return authorizeReporter(actor, commandType, state, assignment);
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
  assignment: AssignmentState | undefined,
): void {
  const unit = actor.unit;
  const ledByUnit = unit === undefined ? undefined : assignmentLedBy(state.assignments, unit);
  const cooperates = unit !== undefined && state.cooperatingUnits.includes(unit);
  if (
    assignment !== undefined &&
    ledByUnit !== undefined &&
    ledByUnit.key !== assignment.key &&
    !cooperates
  ) {
    throw forbidden(MilestoneErrorCode.FORBIDDEN_OTHER_ASSIGNMENT, actor, commandType, {
      own: ledByUnit.key,
      assignment: assignment.key,
    });
  }
  const leads = ledByUnit !== undefined && (assignment === undefined || ledByUnit.key === assignment.key);
  const rule = MILESTONE_COMMAND_POLICY[commandType].reporter;
  switch (rule) {
    case 'responsible':
      if (leads || cooperates) return;
      throw forbidden(MilestoneErrorCode.FORBIDDEN_NOT_RESPONSIBLE, actor, commandType);
    case 'lead':
      if (leads) return;
      throw forbidden(
        cooperates
          ? MilestoneErrorCode.FORBIDDEN_NOT_LEAD_UNIT
          : MilestoneErrorCode.FORBIDDEN_NOT_RESPONSIBLE,
        actor,
        commandType,
      );
    case 'never':
      throw forbidden(MilestoneErrorCode.FORBIDDEN_ROLE, actor, commandType);
    default:
      return assertUnreachable(rule, 'reporter rule');
  }
}

/** `authorize` as a boolean. */
export function isAuthorized(
  actor: MilestoneActor,
  commandType: MilestoneCommandType,
  state: MilestoneState,
  assignment?: AssignmentState,
): boolean {
  try {
    authorize(actor, commandType, state, assignment);
    return true;
  } catch (e) {
    if (e instanceof MilestoneError) return false;
    throw e;
  }
}

/** The commands this actor may issue on this milestone or assignment (its lifecycle may still refuse some). */
export function authorizedCommands(
  actor: MilestoneActor,
  state: MilestoneState,
  assignment?: AssignmentState,
): MilestoneCommandType[] {
  return MILESTONE_COMMAND_TYPES.filter((t) => isAuthorized(actor, t, state, assignment));
}

/**
 * Whose share a report on a standing item (常态化事项) is for, if the actor may make it: a reporter reports for its
 * own unit (a lead or cooperating unit of the item); the office and admins name the unit; viewers never report.
 */
export function authorizeStandingReport(
  actor: MilestoneActor,
  item: { readonly leadUnits: readonly string[]; readonly cooperatingUnits: readonly string[] },
  named: unknown,
): string {
  const responsible = [...item.leadUnits, ...item.cooperatingUnits];
  const known = responsible.join(', ');
  const command = 'ReportProgress';
  const written = typeof named === 'string' ? named : JSON.stringify(named);
  if (!isActorRole(actor.role) || actor.role === 'viewer')
    throw forbidden(MilestoneErrorCode.FORBIDDEN_ROLE, actor, command);
  if (actor.role === 'reporter') {
    const own = actor.unit;
    if (own === undefined || !responsible.includes(own)) {
      throw forbidden(MilestoneErrorCode.FORBIDDEN_NOT_RESPONSIBLE, actor, command);
    }
    if (named !== undefined && named !== own) {
      throw forbidden(MilestoneErrorCode.FORBIDDEN_OTHER_ASSIGNMENT, actor, command, {
        own,
        assignment: written,
      });
    }
    return own;
  }
  if (named === undefined || named === null) {
    throw new MilestoneError(MilestoneErrorCode.ASSIGNMENT_REQUIRED, { field: 'unit', details: { known } });
  }
  if (typeof named !== 'string' || !responsible.includes(named)) {
    throw new MilestoneError(MilestoneErrorCode.ASSIGNMENT_UNKNOWN, {
      field: 'unit',
      details: { assignment: written, known },
    });
  }
  return named;
}
