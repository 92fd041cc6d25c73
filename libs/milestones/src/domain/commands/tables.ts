import { MILESTONE_COMMAND_TYPES, type MilestoneCommandName } from '../../labels/command.labels';
import type { PlanImportEventType } from '../milestone.events';
import { MILESTONE_COMMAND_MODULES } from './index';

/**
 * The tables of commands and of their events, derived from the modules (`index.ts`): each is a mapped type over the
 * list, so every command has each piece (`MILESTONE_COMMAND_POLICY`, `DECIDERS`, the codec's decoders, the event
 * labels and routing, `evolveAssignment`'s dispatch read these).
 */
type Modules = typeof MILESTONE_COMMAND_MODULES;

/** The type of the event a command records. */
export type CommandEventType<T extends MilestoneCommandName> = Modules[T]['event']['type'];

/** Command type → its data. */
export type CommandDataByType = {
  [T in MilestoneCommandName]: Parameters<Modules[T]['decide']>[0]['data'];
};

/** The event type of a command → its data. */
export type CommandEventDataByType = {
  [T in MilestoneCommandName as CommandEventType<T>]: ReturnType<Modules[T]['event']['decode']>;
};

/**
 * Each command records an event of its own: not another command's, not the plan import's (else the by-event tables
 * below would lose one). A command that does not is named by the compiler at `_eachEventItsCommandsOwn`.
 */
type RecordingAnotherEvent = {
  [T in MilestoneCommandName]: CommandEventType<T> extends
    CommandEventType<Exclude<MilestoneCommandName, T>> | PlanImportEventType
    ? T
    : never;
}[MilestoneCommandName];
const _eachEventItsCommandsOwn: Record<RecordingAnotherEvent, 'records an event that is not its own'> = {};

type CommandPiece = 'policy' | 'decide';
type EventPiece = 'labelZh' | 'routing' | 'decode' | 'evolve';
type ByCommand<P extends CommandPiece> = { readonly [T in MilestoneCommandName]: Modules[T][P] };
type ByEvent<P extends EventPiece> = {
  readonly [T in MilestoneCommandName as CommandEventType<T>]: Modules[T]['event'][P];
};

/** One piece of every command's module, by command type. */
export function eachCommand<P extends CommandPiece>(piece: P): ByCommand<P> {
  // Typed by the mapped type above: the entries are one per command type, each its own module's piece.
  return Object.fromEntries(
    MILESTONE_COMMAND_TYPES.map((t) => [t, MILESTONE_COMMAND_MODULES[t][piece]]),
  ) as ByCommand<P>;
}

/** One piece of every command's event, by event type. */
export function eachEvent<P extends EventPiece>(piece: P): ByEvent<P> {
  // Typed by the mapped type above: the entries are one per command, keyed by its event's type (distinct: above).
  return Object.fromEntries(
    MILESTONE_COMMAND_TYPES.map((t) => {
      const event = MILESTONE_COMMAND_MODULES[t].event;
      return [event.type, event[piece]];
    }),
  ) as ByEvent<P>;
}
