import { assertUnreachable } from '@app/platform';
import { authorize } from '../milestone.access';
import {
  MILESTONE_COMMAND_POLICY,
  type MilestoneActor,
  type MilestoneCommandType,
} from '../milestone.commands';
import { MilestoneError, MilestoneErrorCode } from '../milestone.errors';
import type { MilestoneLifecycle } from '../state/lifecycle';
import type { MilestoneState } from '../state/milestone-state';
import { assertAwaitingVerification, assertNotAccepted, assertOpen, assertReportable } from './guards';
import { resolveTarget, type CommandTarget } from './target';

/** What admission looks at: who, which command, and the `assignment` it names (its other data is not read). */
export interface CommandProbe {
  readonly type: MilestoneCommandType;
  readonly actor: MilestoneActor;
  readonly data: unknown;
}

/** May the command's lifecycle rule take it on this milestone or assignment (its data aside)? Throws if not. */
function assertLifecycleAllows(
  type: MilestoneCommandType,
  s: { readonly lifecycle: MilestoneLifecycle },
): void {
  const rule = MILESTONE_COMMAND_POLICY[type].lifecycle;
  switch (rule) {
    case 'reportable':
      return assertReportable(s);
    case 'claimable':
      assertNotAccepted(s);
      if (s.lifecycle === 'submitted')
        throw new MilestoneError(MilestoneErrorCode.COMPLETION_ALREADY_SUBMITTED);
      return;
    case 'awaiting_verification':
      return assertAwaitingVerification(s);
    case 'not_accepted':
      return assertNotAccepted(s);
    default:
      return assertUnreachable(rule, 'lifecycle rule');
  }
}

/**
 * The part of `decide` that does not read the command's data, in order: the milestone exists; the actor may act on
 * it at all; which assignment it is for; the actor may act on that one; it (and the milestone) is not cancelled or withdrawn; its
 * lifecycle takes this command. The one source of "may this person do this now" for `decide` and `commandChoices`.
 */
export function admit(probe: CommandProbe, state: MilestoneState): CommandTarget {
  if (!state.exists) throw new MilestoneError(MilestoneErrorCode.MILESTONE_NOT_FOUND);
  authorize(probe.actor, probe.type, state);
  const target = resolveTarget(probe, state);
  if (!target.whole) authorize(probe.actor, probe.type, state, target.assignment);
  const subject = target.whole ? state : target.assignment;
  assertOpen(subject);
  // A milestone cancelled as a whole takes nothing more, not even on an assignment still open in it.
  if (!target.whole) assertOpen(state);
  assertLifecycleAllows(probe.type, subject);
  return target;
}
