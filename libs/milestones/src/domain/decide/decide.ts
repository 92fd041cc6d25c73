import { eachCommand } from '../commands/tables';
import type { MilestoneCommand, MilestoneCommandOf, MilestoneCommandType } from '../milestone.commands';
import { MilestoneError, MilestoneErrorCode } from '../milestone.errors';
import type { DecidedMilestoneEvent } from '../milestone.events';
import type { MilestoneState } from '../state/milestone-state';
import { admit } from './admit';
import { resolveOccurredAt, type Moment } from './moment';
import type { CommandTarget } from './target';

/**
 * A command's decider, given what it acts on (one assignment or, for a milestone-wide command, the whole), when it
 * happened and the milestone.
 */
type Decider<T extends MilestoneCommandType> = (
  command: MilestoneCommandOf<T>,
  target: CommandTarget,
  at: Moment,
  state: MilestoneState,
) => DecidedMilestoneEvent;

/** Each command's decider, from its module (the table's type wants one per command). */
const DECIDERS: { readonly [T in MilestoneCommandType]: Decider<T> } = eachCommand('decide');

function decideBy<T extends MilestoneCommandType>(
  command: MilestoneCommandOf<T>,
  target: CommandTarget,
  at: Moment,
  state: MilestoneState,
): DecidedMilestoneEvent {
  const decider: Decider<T> = DECIDERS[command.type];
  return decider(command, target, at, state);
}

/**
 * Decide what a command means for a milestone at `now`. Checks, in order: admission (`admit`: the milestone
 * exists, the actor may act on it and on the assignment it is for, its lifecycle takes the command); the data is
 * an object; `occurredAt`; then the data. Throws `MilestoneError`; writes nothing.
 */
export function decide(command: MilestoneCommand, state: MilestoneState, now: Date): DecidedMilestoneEvent[] {
  const target = admit(command, state);
  if (typeof command.data !== 'object' || command.data === null) {
    throw new MilestoneError(MilestoneErrorCode.FIELD_INVALID, {
      field: 'data',
      details: { expected: 'an object', expectedZh: '对象' },
    });
  }
  const at = resolveOccurredAt(command.occurredAt, state, now);
  return [decideBy(command, target, at, state)];
}
