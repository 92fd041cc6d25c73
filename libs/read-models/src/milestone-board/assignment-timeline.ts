import { shiftDays } from '@app/milestones';
import type { HealthColour } from '@app/milestones';
import type { IsoDate } from '@app/platform';
import type { BoardAssignmentState } from './facts-state';
import {
  redFlagAfter,
  stepAt,
  stepsOf,
  toRef,
  type HealthRef,
  type HealthStep,
  type SteppedVersion,
  type TimelineRules,
} from './health-steps';

/** A version of one assignment: its facts as of `effectiveOn` over the stream up to `position`. */
export interface TimelineVersion extends SteppedVersion {
  readonly position: number;
  /** Running maximum of recordedAt along the stream (epoch ms). */
  readonly knownFromMs: number;
  readonly eventType: string;
  readonly backdated: boolean;
  /** The stream version of the event that wrote it (kept for the board row; 0 when read back from the timeline). */
  readonly streamVersion: number;
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
  /** The whole stored history is rewritten (a complete timeline). */
  readonly rewritesHistory: boolean;
  readonly history: readonly HealthChangeRow[];
}

/** The version of one event at one date, before its red flag is known. */
export interface VersionWrite {
  readonly effectiveOn: IsoDate;
  readonly state: BoardAssignmentState;
}

/** What an event stamps on every version it writes. */
export interface VersionStamp {
  readonly position: number;
  readonly knownFromMs: number;
  readonly eventType: string;
  readonly backdated: boolean;
  readonly streamVersion: number;
}

/**
 * The timeline of one assignment during a batch: its current versions (one per date, the latest position),
 * loaded either as the latest version only (its board row: `complete = false`, with `before`, the health the
 * day before it) or whole (`complete = true`), needed when an event is dated before the milestone's latest version.
 * The milestone's timeline (`milestone-timeline.ts`) decides which versions an event writes; this keeps them, the
 * red flags along them and the health history they give.
 */
export class AssignmentTimeline {
  private readonly versions: TimelineVersion[];
  private readonly oldLastOn: IsoDate | null;
  private readonly firstLoaded: TimelineVersion | undefined;
  private readonly created: TimelineVersion[] = [];
  private dirty = false;

  constructor(
    readonly key: string,
    readonly leadUnits: readonly string[],
    versions: readonly TimelineVersion[],
    private readonly complete: boolean,
    private readonly before: HealthRef | null,
  ) {
    this.versions = [...versions];
    this.firstLoaded = complete ? undefined : versions[0];
    this.oldLastOn = versions.at(-1)?.effectiveOn ?? null;
  }

  /** The latest date it has a version on (null: none yet). */
  get lastOn(): IsoDate | null {
    return this.versions.at(-1)?.effectiveOn ?? null;
  }

  /** The version in force on `date` (the latest dated on or before it). */
  at(date: IsoDate): TimelineVersion | undefined {
    const vs = this.versions;
    for (let i = vs.length - 1; i >= 0; i--) if (vs[i]!.effectiveOn <= date) return vs[i];
    return undefined;
  }

  /** The dates of its versions from `date` on. */
  datesFrom(date: IsoDate): IsoDate[] {
    const out: IsoDate[] = [];
    for (let i = this.versions.length - 1; i >= 0 && this.versions[i]!.effectiveOn >= date; i--) {
      out.push(this.versions[i]!.effectiveOn);
    }
    return out;
  }

  /**
   * Writes the versions of one event (ascending dates: every date from the event's on that the milestone has, where
   * this assignment exists), then the red flags of every version from the first one written.
   */
  write(stamp: VersionStamp, writes: readonly VersionWrite[], rules: TimelineRules): void {
    if (writes.length === 0) return;
    const vs = this.versions;
    if (!this.complete && vs.length > 0 && writes[0]!.effectiveOn < vs[0]!.effectiveOn) {
      throw new Error(`${this.key}: an event at ${stamp.position} needs the complete timeline`);
    }
    // Ascending, and every version from the first one written on is written again (the event is folded into
    // each): the version before each one is final when its red flag is taken from it.
    for (const w of writes) {
      let i = vs.length; // from the end: an event is usually dated on or after the latest version
      while (i > 0 && vs[i - 1]!.effectiveOn >= w.effectiveOn) i--;
      const redFlagIn =
        i > 0
          ? redFlagAfter(vs[i - 1]!, w.effectiveOn, rules)
          : // The first loaded version of an incomplete timeline keeps the flag its unloaded predecessors gave it.
            (this.firstLoaded?.redFlagIn ?? null);
      const v: TimelineVersion = {
        effectiveOn: w.effectiveOn,
        position: stamp.position,
        knownFromMs: stamp.knownFromMs,
        eventType: stamp.eventType,
        backdated: stamp.backdated,
        streamVersion: stamp.streamVersion,
        state: w.state,
        redFlagIn,
        steps: undefined,
      };
      if (i < vs.length && vs[i]!.effectiveOn === w.effectiveOn) vs[i] = v;
      else vs.splice(i, 0, v);
      this.created.push(v);
    }
    this.dirty = true;
  }

  /** What the batch changed; undefined when nothing did. */
  result(rules: TimelineRules): TimelineResult | undefined {
    if (!this.dirty || this.versions.length === 0) return undefined;
    const vs = this.versions;
    const last = vs[vs.length - 1]!;
    // Stored changes end before the latest version's date. An incomplete timeline (only the latest version
    // loaded) closes that version's span: rewrite from its date (nothing is stored after it). A complete one
    // (loaded because an event is dated before the latest version, or new) is rewritten whole: simpler, and rare.
    const from = this.complete || this.oldLastOn === null ? vs[0]!.effectiveOn : this.oldLastOn;
    const start = vs.findIndex((v) => v.effectiveOn === from);
    if (start < 0) throw new Error(`${this.key}: no version at ${from}`);

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
      rewritesHistory: this.complete,
      history,
    };
  }
}
