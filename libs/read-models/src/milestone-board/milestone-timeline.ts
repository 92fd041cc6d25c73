import type { HealthThresholds, IsoDate } from '@app/platform';
import type { MilestoneEvent } from '@app/milestones';
import { shiftDays } from '../rules/calendar-days';
import type { HealthColour } from '../rules/health';
import { healthSteps } from '../rules/health-history';
import { isTerminalLifecycle } from '../rules/milestone-facts';
import type { WorkingCalendar } from '../rules/working-days';
import { evolveFacts, factsOf, INITIAL_FACTS_STATE, type FactsState } from './facts-state';

/**
 * The bitemporal timeline of one milestone, kept incrementally (pure; the projection does the I/O).
 *
 * Each event has an effective date D (the calendar day of `occurredAt` in the plan's time zone) and becomes
 * known at K (`recordedAt`). The facts of a milestone as of date D, as known at K, are the fold of the events
 * with effective date ≤ D and recorded ≤ K, in stream order — the same fold the domain uses, restricted.
 *
 * A *version* is `(effectiveOn, position)` → that fold for `effectiveOn`, over the stream up to `position`.
 * When event j arrives with date d:
 *   - if no version exists at d, one is created from the latest version before d, evolved with j;
 *   - every current version at a date ≥ d gets a new version, evolved with j (j is the newest event, so it
 *     folds last: fold(S ∪ {j}) = evolve(fold(S), j)).
 * Normally d is the latest date, so that is one new version. A backdated event writes a new version for each
 * later date; the old versions stay, so "as known at K" still finds them.
 *
 * Query (D, K): per milestone, the version with the greatest `effectiveOn` ≤ D among those known at K, and of
 * those the greatest position. Proof sketch: let j* be the last event known at K and e* the latest effective
 * date ≤ D among events ≤ j*; the last event ≤ j* with date ≤ e* wrote a version at e*, which is the fold of
 * every event ≤ j* with date ≤ e*, i.e. ≤ D. `knownFrom` is the running maximum of `recordedAt` along the
 * stream, so "known at K" is a prefix of the stream even if the database clock ever stepped back.
 *
 * Health: each version also carries the red flag it inherits (`redFlagIn`, the first red day since the last
 * acceptance, from the versions before it) and its health *steps* from its date on, computed by the rules'
 * `healthSteps` (so the rules stay the single source). Within one version the facts are fixed and health
 * changes only at the rules' breakpoints, so the colour on any date D is the last step ≤ D. A version's red
 * flag never needs updating inside its own span: once red with fixed facts, a milestone stays red or turns
 * grey (silence) and then red again (overdue); the `recovering_from_red` amber the flag feeds cannot occur.
 * `milestone-timeline.spec.ts` checks all of this against `healthHistory` over the whole timeline and
 * against the domain's fold, on random streams.
 *
 * The stored health history holds the changes before the latest version's date (closed spans); the open
 * span is the latest version's steps, kept on the board row and appended when the history is read.
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

export interface TimelineVersion {
  readonly effectiveOn: IsoDate;
  readonly position: number;
  /** Running maximum of recordedAt along the stream (epoch ms). */
  readonly knownFromMs: number;
  readonly eventType: string;
  readonly backdated: boolean;
  readonly state: FactsState;
  readonly redFlagIn: IsoDate | null;
  /** Its health steps, once computed (`stepsOf`). A field rather than a WeakMap: millions of versions in a replay. */
  steps?: HealthStep[];
}

/** An event of this milestone's stream, ready for the timeline. */
export interface TimelineEvent {
  readonly position: number;
  readonly streamVersion: number;
  readonly event: MilestoneEvent;
  readonly occurredMs: number;
  readonly recordedMs: number;
  readonly effectiveOn: IsoDate;
  readonly backdated: boolean;
}

export interface HealthChangeRow {
  readonly effectiveOn: IsoDate;
  readonly colour: HealthColour;
  readonly previousColour: HealthColour | null;
  readonly codes: string;
  /** The version whose facts produced it (`healthAt` of its facts on `effectiveOn` gives the reasons). */
  readonly versionOn: IsoDate;
  readonly position: number;
}

export interface TimelineResult {
  /** Versions to insert (every one written by this batch, superseded ones included). */
  readonly newVersions: readonly TimelineVersion[];
  /** The latest version: the board's facts. */
  readonly last: TimelineVersion;
  readonly lastSteps: readonly HealthStep[];
  /** The health in force the day before the latest version's date. */
  readonly before: HealthRef | null;
  /**
   * Stored history from this date on is replaced by `history`: the latest version's date before the batch
   * (nothing is stored from it on), or, for a complete timeline, its first date (the whole history).
   */
  readonly historyFrom: IsoDate | null;
  readonly history: readonly HealthChangeRow[];
  readonly knownThroughMs: number;
}

/** A version's health steps from its date on (computed once per version object). */
export function stepsOf(v: TimelineVersion, rules: TimelineRules): HealthStep[] {
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
export function withSteps(v: TimelineVersion, steps: HealthStep[]): TimelineVersion {
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
export function redFlagAfter(prev: TimelineVersion, nextOn: IsoDate, rules: TimelineRules): IsoDate | null {
  if (isTerminalLifecycle(prev.state.lifecycle)) return null;
  if (prev.redFlagIn !== null) return prev.redFlagIn;
  for (const s of stepsOf(prev, rules)) {
    if (s.on >= nextOn) break;
    if (s.colour === 'red') return s.on;
  }
  return null;
}

/**
 * One milestone's timeline during a batch. Built from what the projection loaded: either only the latest
 * version (the board row: `complete = false`, with `before`, the health the day before it) or every current
 * version (`complete = true`), needed when an event is dated before the latest version.
 */
export class MilestoneTimeline {
  private readonly versions: TimelineVersion[];
  private readonly oldLastOn: IsoDate | null;
  private readonly firstLoaded: TimelineVersion | undefined;
  private readonly created: TimelineVersion[] = [];
  private dirtyFrom: IsoDate | null = null;

  constructor(
    readonly milestoneId: string,
    versions: readonly TimelineVersion[],
    private readonly complete: boolean,
    private readonly before: HealthRef | null,
    private knownThroughMs: number,
  ) {
    this.versions = [...versions];
    this.firstLoaded = complete ? undefined : versions[0];
    this.oldLastOn = versions.at(-1)?.effectiveOn ?? null;
  }

  get exists(): boolean {
    return this.versions.length > 0;
  }

  /** An event dated before the loaded versions needs the whole timeline. */
  needsComplete(effectiveOn: IsoDate): boolean {
    return !this.complete && this.versions.length > 0 && effectiveOn < this.versions[0]!.effectiveOn;
  }

  apply(te: TimelineEvent, rules: TimelineRules): void {
    if (this.needsComplete(te.effectiveOn)) {
      throw new Error(`${this.milestoneId}: event at ${te.position} needs the complete timeline`);
    }
    const knownFromMs = Math.max(this.knownThroughMs, te.recordedMs);
    this.knownThroughMs = knownFromMs;
    const d = te.effectiveOn;
    const fe = { event: te.event, occurredMs: te.occurredMs, backdated: te.backdated };
    const make = (effectiveOn: IsoDate, state: FactsState): TimelineVersion => ({
      effectiveOn,
      position: te.position,
      knownFromMs,
      eventType: te.event.type,
      backdated: te.backdated,
      state,
      redFlagIn: null, // set below, once the versions before it are final
    });

    const vs = this.versions;
    let i = vs.findIndex((v) => v.effectiveOn >= d);
    if (i < 0) i = vs.length;
    let firstChanged = -1;
    if (i === vs.length || vs[i]!.effectiveOn !== d) {
      const base = i > 0 ? vs[i - 1]!.state : INITIAL_FACTS_STATE;
      const state = evolveFacts(base, fe, rules.dayOf);
      if (state.exists) {
        vs.splice(i, 0, make(d, state));
        firstChanged = i;
        i++;
      }
    }
    for (let k = i; k < vs.length; k++) {
      vs[k] = make(vs[k]!.effectiveOn, evolveFacts(vs[k]!.state, fe, rules.dayOf));
      if (firstChanged < 0) firstChanged = k;
    }
    if (firstChanged < 0) return; // an event on a milestone that does not exist (yet)

    for (let k = firstChanged; k < vs.length; k++) {
      const v = vs[k]!;
      const redFlagIn =
        k > 0
          ? redFlagAfter(vs[k - 1]!, v.effectiveOn, rules)
          : // The first loaded version of an incomplete timeline keeps the flag its unloaded predecessors gave it.
            (this.firstLoaded?.redFlagIn ?? null);
      const final = { ...v, redFlagIn };
      vs[k] = final;
      this.created.push(final);
    }
    const from = vs[firstChanged]!.effectiveOn;
    if (this.dirtyFrom === null || from < this.dirtyFrom) this.dirtyFrom = from;
  }

  /** What the batch changed; undefined when nothing did. */
  result(rules: TimelineRules): TimelineResult | undefined {
    if (this.dirtyFrom === null || this.versions.length === 0) return undefined;
    const vs = this.versions;
    const last = vs[vs.length - 1]!;
    // Stored changes end before the latest version's date. An incomplete timeline (only the latest version
    // loaded) closes that version's span: rewrite from its date (nothing is stored after it). A complete one
    // (loaded because an event is dated before the latest version) is rewritten whole: simpler, and rare.
    const from = this.complete ? vs[0]!.effectiveOn : (this.oldLastOn ?? this.dirtyFrom);
    const start = vs.findIndex((v) => v.effectiveOn === from);
    if (start < 0) throw new Error(`${this.milestoneId}: no version at ${from}`);

    let ref: HealthRef | null =
      start > 0
        ? toRef(stepAt(stepsOf(vs[start - 1]!, rules), shiftDays(from, -1)))
        : this.complete
          ? null
          : this.before;
    const history: HealthChangeRow[] = [];
    for (let k = start; k < vs.length - 1; k++) {
      const v = vs[k]!;
      const end = vs[k + 1]!.effectiveOn;
      for (const s of stepsOf(v, rules)) {
        if (s.on >= end) break;
        if (ref !== null && ref.colour === s.colour && ref.codes === s.codes) continue;
        history.push({
          effectiveOn: s.on,
          colour: s.colour,
          previousColour: ref?.colour ?? null,
          codes: s.codes,
          versionOn: v.effectiveOn,
          position: v.position,
        });
        ref = { colour: s.colour, codes: s.codes };
      }
    }
    return {
      newVersions: this.created,
      last,
      lastSteps: stepsOf(last, rules),
      before: ref,
      historyFrom: from,
      history,
      knownThroughMs: this.knownThroughMs,
    };
  }
}

/**
 * Whether a batch's events for one milestone need its complete timeline: one is dated before the latest
 * version (`lastOn`, from the board) or before an earlier event of the batch.
 */
export function needsCompleteTimeline(lastOn: IsoDate | null, dates: Iterable<IsoDate>): boolean {
  let max = lastOn;
  for (const d of dates) {
    if (max !== null && d < max) return true;
    if (max === null || d > max) max = d;
  }
  return false;
}

function toRef(step: HealthStep | undefined): HealthRef | null {
  return step === undefined ? null : { colour: step.colour, codes: step.codes };
}
