import * as milestones from '@app/milestones';
import type { HealthColour, WorkingCalendar } from '@app/milestones';
import type { HealthThresholds, IsoDate } from '@app/platform';
import { factsOf, type BoardAssignmentState } from './facts-state';

// Bound once: through the libs' re-exports a call costs a getter per access (CommonJS), millions of times in a replay.
const { healthSteps, isTerminalLifecycle } = milestones;

/*
 * Health of a fact version as steps: within one version the facts are fixed and health changes only at the
 * rules' breakpoints, so the colour on any date D is the last step ≤ D (`healthSteps` of the rules computes them:
 * the rules stay the single source). A version also carries the red flag it inherits (`redFlagIn`: the first red
 * day since the last acceptance, from the versions before it). A version's red flag never needs updating inside
 * its own span: once red with fixed facts, an assignment stays red or turns grey (silence) and then red again
 * (overdue); the `recovering_from_red` amber the flag feeds cannot occur.
 */

export const HEALTH_HORIZON: IsoDate = '9999-12-31';

export interface TimelineRules {
  readonly thresholds: HealthThresholds;
  readonly calendar: WorkingCalendar;
  readonly dayOf: (ms: number) => IsoDate;
}

/** The health from a date on (until the next step); the reasons' texts are rendered by `healthAt` when read. */
export interface HealthStep {
  readonly on: IsoDate;
  readonly colour: HealthColour;
  /** Reason codes joined with commas: what makes two steps "the same health". */
  readonly codes: string;
}

/** The health in force on some day, without its reasons' text. */
export interface HealthRef {
  readonly colour: HealthColour;
  readonly codes: string;
}

/** What health needs of a version: its date, facts and inherited red flag; its steps once computed. */
export interface SteppedVersion {
  readonly effectiveOn: IsoDate;
  readonly state: BoardAssignmentState;
  readonly redFlagIn: IsoDate | null;
  /** Its health steps, once computed (`stepsOf`). A field rather than a WeakMap: millions of versions in a replay. */
  steps?: HealthStep[];
}

/** A version's health steps from its date on (computed once per version object). */
export function stepsOf(v: SteppedVersion, rules: TimelineRules): HealthStep[] {
  let steps = v.steps;
  if (steps === undefined) {
    const changes = healthSteps(
      [{ effectiveOn: v.effectiveOn, facts: factsOf(v.state, v.redFlagIn) }],
      v.effectiveOn,
      HEALTH_HORIZON,
      rules.thresholds,
      rules.calendar,
    );
    steps = changes.map((c) => ({ on: c.effectiveOn, colour: c.colour, codes: c.codes }));
    v.steps = steps;
  }
  return steps;
}

/** Gives a version its already known steps (e.g. the board's latest version, read back from the database). */
export function withSteps<V extends SteppedVersion>(v: V, steps: HealthStep[]): V {
  v.steps = steps;
  return v;
}

/** The step in force on `date` (the last one on or before it); undefined before the first. */
export function stepAt<T extends { readonly on: IsoDate }>(
  steps: readonly T[],
  date: IsoDate,
): T | undefined {
  let found: T | undefined;
  for (const s of steps) {
    if (s.on > date) break;
    found = s;
  }
  return found;
}

/** The red flag a version hands to the next one (dated `nextOn`). */
export function redFlagAfter(prev: SteppedVersion, nextOn: IsoDate, rules: TimelineRules): IsoDate | null {
  if (isTerminalLifecycle(prev.state.lifecycle)) return null;
  if (prev.redFlagIn !== null) return prev.redFlagIn;
  for (const s of stepsOf(prev, rules)) {
    if (s.on >= nextOn) break;
    if (s.colour === 'red') return s.on;
  }
  return null;
}

export function toRef(step: HealthStep | undefined): HealthRef | null {
  return step === undefined ? null : { colour: step.colour, codes: step.codes };
}
