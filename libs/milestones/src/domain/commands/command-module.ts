import { MilestoneError, MilestoneErrorCode } from '../milestone.errors';
import type {
  AssignmentScopedData,
  MilestoneCommandEnvelope,
  MilestoneCommandPolicy,
} from '../milestone.commands';
import type { AssignmentScoped, EventRouting, MilestoneEventEnvelope } from '../milestone.events';
import type { AssignmentState } from '../state/assignment';
import type { MilestoneState } from '../state/milestone-state';
import type { Moment } from '../decide/moment';
import { scope, type CommandTarget } from '../decide/command-target';

/** What a command's decider returns: its event, stamped with when it happened and whether backdated. */
export interface DecidedEvent<E extends string, ED> {
  readonly type: E;
  readonly data: ED;
  readonly occurredAt: string;
  readonly backdated: boolean;
}

/**
 * A command's decider, given what it acts on (one assignment or, for a milestone-wide command, the whole), when it
 * happened and the milestone (a decider that needs less takes only the leading ones).
 */
export type CommandDecider<C extends string, CD, E extends string, ED> = (
  command: MilestoneCommandEnvelope<C, CD>,
  target: CommandTarget,
  at: Moment,
  state: MilestoneState,
) => DecidedEvent<E, ED>;

/**
 * One milestone command, whole (a vertical slice): who may issue it and when, what it decides, and the event it
 * records: its zh-CN label, which assignments it concerns when it names none, how it is read back from the store and
 * what it does to an assignment. `commands/index.ts` lists the modules; every table of commands and of their events
 * derives from that list, so a module without one of these pieces does not compile.
 */
export interface CommandModule<
  C extends string,
  CD extends AssignmentScopedData,
  E extends string,
  ED extends AssignmentScoped,
> {
  readonly type: C;
  /** Who may issue it and in which lifecycle (`MILESTONE_COMMAND_POLICY`). */
  readonly policy: MilestoneCommandPolicy;
  readonly decide: CommandDecider<C, CD, E, ED>;
  readonly event: {
    readonly type: E;
    /** What a person reads in a history (`MILESTONE_EVENT_LABELS_ZH`). */
    readonly labelZh: string;
    /** Which assignments it concerns when its data names none (`MILESTONE_EVENT_ROUTING`). */
    readonly routing: EventRouting;
    /** Its stored payload checked (and upcast) (`MILESTONE_EVENTS`). */
    readonly decode: (data: unknown) => ED;
    /** Its effect on one assignment it concerns (`evolveAssignment`); total: history is never rejected. */
    readonly evolve: (a: AssignmentState, event: MilestoneEventEnvelope<E, ED>) => AssignmentState;
  };
}

/** A command module, its types named once (the compiler then checks every piece against them). */
export function defineCommand<
  C extends string,
  CD extends AssignmentScopedData,
  E extends string,
  ED extends AssignmentScoped,
>(module: CommandModule<C, CD, E, ED>): CommandModule<C, CD, E, ED> {
  return module;
}

/** The stored `assignment` field of a command's event, for its decoder. */
export const SCOPED = { assignment: 'string?' } as const;

/** The one assignment a command must name (reports, claims and their verification never apply to all). */
function single(target: CommandTarget, type: string, state: MilestoneState) {
  if (!target.whole) return target;
  // resolveTarget only answers `whole` for milestone-wide commands.
  throw new MilestoneError(MilestoneErrorCode.ASSIGNMENT_REQUIRED, {
    field: 'assignment',
    details: { known: state.assignments.map((a) => a.key).join(', '), command: type },
  });
}

/** The decider of a command for one assignment: given that assignment and the `scope` its event carries. */
export function forOne<C extends string, CD, E extends string, ED>(
  decider: (
    command: MilestoneCommandEnvelope<C, CD>,
    assignment: AssignmentState,
    scoped: { assignment?: string },
    at: Moment,
    state: MilestoneState,
  ) => DecidedEvent<E, ED>,
): CommandDecider<C, CD, E, ED> {
  return (command, target, at, state) => {
    const t = single(target, command.type, state);
    return decider(command, t.assignment, scope(t), at, state);
  };
}
