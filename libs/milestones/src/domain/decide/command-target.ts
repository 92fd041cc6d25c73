import type { AssignmentState } from '../state/assignment';

/** What a command acts on: one assignment, or (re-baseline, target, cancellation) the whole milestone. */
export type CommandTarget =
  | {
      readonly whole: false;
      readonly assignment: AssignmentState;
      /** Written into the event when the milestone has several assignments; undefined for its only one. */
      readonly key: string | undefined;
    }
  | { readonly whole: true };

/** The `assignment` field of the event. */
export function scope(target: CommandTarget): { assignment?: string } {
  return !target.whole && target.key !== undefined ? { assignment: target.key } : {};
}
