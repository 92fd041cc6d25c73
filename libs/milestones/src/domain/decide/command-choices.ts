import {
  MILESTONE_COMMAND_TYPES,
  type MilestoneActor,
  type MilestoneCommandType,
} from '../milestone.commands';
import { MilestoneError, type MilestoneErrorCode } from '../milestone.errors';
import type { MilestoneState } from '../state/milestone-state';
import { admit } from './admit';

/** One command as offered to a person: allowed, or refused with the code (and Chinese message) `decide` would give. */
export interface CommandChoice {
  readonly command: MilestoneCommandType;
  readonly allowed: boolean;
  readonly reason?: MilestoneErrorCode;
  readonly reasonZh?: string;
}

/**
 * Every command, allowed or refused for this actor on this milestone as it stands (and, when named, on this
 * assignment of it), by the very checks `decide` runs before it reads a command's data (`admit`). With several
 * assignments and none named, a command for one assignment is refused with ASSIGNMENT_REQUIRED unless the
 * actor's own (or, for 销号/退回, the only one awaiting verification) is meant.
 */
export function commandChoices(
  actor: MilestoneActor,
  state: MilestoneState,
  assignment?: string,
  unitNames?: ReadonlyMap<string, string>,
): CommandChoice[] {
  const data = assignment === undefined ? {} : { assignment };
  return MILESTONE_COMMAND_TYPES.map((command) => {
    try {
      admit({ type: command, actor, data }, state);
      return { command, allowed: true };
    } catch (e) {
      if (!(e instanceof MilestoneError)) throw e;
      const named = unitNames ? e.withUnitNames(unitNames) : e;
      return { command, allowed: false, reason: e.code, reasonZh: named.messageZh };
    }
  });
}

/**
 * The units a refusal of `commandChoices` may name (by id until named): the assignments' keys and lead units, and
 * the actor's own unit. Look their names up once, then pass them to `commandChoices`.
 */
export function unitsChoicesMayName(actor: MilestoneActor, state: MilestoneState): string[] {
  const ids = new Set<string>(actor.unit !== undefined ? [actor.unit] : []);
  for (const a of state.assignments) {
    ids.add(a.key);
    for (const u of a.leadUnits) ids.add(u);
  }
  return [...ids];
}
