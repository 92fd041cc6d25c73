/**
 * Given/when/then for the milestone decider, in jest: given past events, when a command is decided at a
 * fixed clock, then these events, or this coded error. Used by the domain's own specs.
 */
import { decide, fold, type MilestoneState } from '../index';
import type { MilestoneCommand } from '../milestone.commands';
import { MILESTONE_ERROR_CATALOG, MilestoneError, type MilestoneErrorCode } from '../milestone.errors';
import type { DecidedMilestoneEvent, MilestoneEvent } from '../milestone.events';

/** The fixed clock of the specs: 2021-06-15 10:00 in Jiangmen. */
export const NOW = new Date('2021-06-15T02:00:00.000Z');
/** NOW as an ISO string, as the decider records it. */
export const nowIso = NOW.toISOString();
export const minutes = (n: number): number => n * 60_000;
export const days = (n: number): number => n * 86_400_000;
/** The ISO time `ms` before NOW. */
export const before = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();
/** The ISO time `ms` after NOW. */
export const after = (ms: number): string => new Date(NOW.getTime() + ms).toISOString();

export interface ThenError {
  readonly field?: string;
  readonly details?: Record<string, unknown>;
}

/** Runs `fn`, expects a MilestoneError with this code (and its catalog kind), and returns it. */
export function expectMilestoneError(
  fn: () => unknown,
  code: MilestoneErrorCode,
  then: ThenError = {},
): MilestoneError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(MilestoneError);
  const error = thrown as MilestoneError;
  expect({ code: error.code, kind: error.kind }).toEqual({ code, kind: MILESTONE_ERROR_CATALOG[code].kind });
  if (then.field !== undefined) expect(error.field).toBe(then.field);
  if (then.details !== undefined) expect(error.details).toMatchObject(then.details);
  // Both messages are complete sentences: no placeholder left unfilled.
  expect(error.message).not.toMatch(/\{\w+\}/);
  expect(error.messageZh).not.toMatch(/\{\w+\}/);
  expect(error.messageZh).toMatch(/[\u4e00-\u9fff]/);
  return error;
}

export function givenMilestone(...events: MilestoneEvent[]): {
  readonly state: MilestoneState;
  when(
    command: MilestoneCommand,
    now?: Date,
  ): {
    then(expected: readonly DecidedMilestoneEvent[]): void;
    thenThrows(code: MilestoneErrorCode, then?: ThenError): MilestoneError;
  };
} {
  const state = fold(events);
  return {
    state,
    when(command, now = NOW) {
      return {
        then(expected) {
          expect(decide(command, state, now)).toEqual(expected);
        },
        thenThrows(code, then) {
          return expectMilestoneError(() => decide(command, state, now), code, then);
        },
      };
    },
  };
}
