import * as milestones from '@app/milestones';
import type { HealthColour, MilestoneLifecycle } from '@app/milestones';
import type { IsoDate } from '@app/platform';
import type { TimelineVersion } from './assignment-timeline';
import type { HealthStep } from './health-steps';

// Bound once: through the libs' re-exports a call costs a getter per access (CommonJS), millions of times in a replay.
const { dayNumber, fromDayNumber, HEALTH_COLOURS, MILESTONE_LIFECYCLES } = milestones;

/*
 * An assignment's versions, packed: what the query processes keep in memory to answer stats, lists and agendas at
 * any (asOf, knownAt) without asking PostgreSQL to scan and aggregate. The projection stores the records of each
 * batch as a segment of `rm_version_segments` (append-only, compacted now and then: `version-segments.ts`), so
 * the concatenation of an assignment's segments holds exactly its rows of `rm_milestone_timeline`, in the order
 * they were written, each with the figures the roll-ups need and its health steps. Records are self-delimiting,
 * so packs concatenate. Little-endian; a record is 44 bytes, then 5 bytes per health step:
 *
 *    0 i32 effective day (days since 1970-01-01)      24 i32 due day
 *    4 f64 known from (epoch ms)                      28 i32 baseline due day
 *   12 u8  lifecycle (index in MILESTONE_LIFECYCLES)  32 i32 submitted day (NO_DAY: none)
 *   13 u8  flags: 1 cancelled with the milestone     36 i32 accepted day
 *   14 u16 health steps                               40 i32 last report day
 *   16 i32 period from (year)
 *   20 f32 percent (NaN: none)
 *   step: i32 day, u8 colour (index in HEALTH_COLOURS)
 */

const FIXED = 44;
/** The flag of byte 13: cancelled with the whole milestone (packs written before it hold 0 there). */
const WHOLE_CANCELLED = 1;
const STEP = 5;
export const NO_DAY = -2147483648;

const day = (d: IsoDate | null): number => (d === null ? NO_DAY : dayNumber(d));

/** The records of some versions (with their health steps), in the order given. */
export function packVersions(
  versions: readonly { readonly version: TimelineVersion; readonly steps: readonly HealthStep[] }[],
): Buffer {
  let size = 0;
  for (const { steps } of versions) size += FIXED + steps.length * STEP;
  const buf = Buffer.alloc(size);
  let o = 0;
  for (const { version: v, steps } of versions) {
    const s = v.state;
    buf.writeInt32LE(dayNumber(v.effectiveOn), o);
    buf.writeDoubleLE(v.knownFromMs, o + 4);
    buf.writeUInt8(MILESTONE_LIFECYCLES.indexOf(s.lifecycle), o + 12);
    buf.writeUInt8(s.cancelledWithMilestone ? WHOLE_CANCELLED : 0, o + 13);
    buf.writeUInt16LE(steps.length, o + 14);
    buf.writeInt32LE(s.periodFrom, o + 16);
    buf.writeFloatLE(s.percent ?? NaN, o + 20);
    buf.writeInt32LE(dayNumber(s.dueDate), o + 24);
    buf.writeInt32LE(dayNumber(s.baselineDueDate), o + 28);
    buf.writeInt32LE(day(s.submittedOn), o + 32);
    buf.writeInt32LE(day(s.acceptedOn), o + 36);
    buf.writeInt32LE(day(s.lastReportOn), o + 40);
    o += FIXED;
    for (const st of steps) {
      buf.writeInt32LE(dayNumber(st.on), o);
      buf.writeUInt8(HEALTH_COLOURS.indexOf(st.colour), o + 4);
      o += STEP;
    }
  }
  return buf;
}

/** What a roll-up needs of a version. Days are day numbers (`NO_DAY`: none). */
export interface PackedFacts {
  lifecycle: MilestoneLifecycle;
  cancelledWithMilestone: boolean;
  periodFrom: number;
  percent: number | null;
  dueDay: number;
  baselineDay: number;
  submittedDay: number;
  acceptedDay: number;
  lastReportDay: number;
  health: HealthColour;
}

/**
 * A pack, indexed for time travel: the record offsets sorted by effective day, then in the order written (which
 * is the order of positions, and of `known from`).
 */
export class VersionPack {
  private readonly offsets: Int32Array;

  constructor(private readonly buf: Buffer) {
    const found: number[] = [];
    for (let o = 0; o + FIXED <= buf.length; o += FIXED + buf.readUInt16LE(o + 14) * STEP) found.push(o);
    // Stable: records of one day keep their written order.
    const order = found.map((o, i) => ({ o, i, d: buf.readInt32LE(o) }));
    order.sort((a, b) => a.d - b.d || a.i - b.i);
    this.offsets = Int32Array.from(order, (x) => x.o);
  }

  get length(): number {
    return this.offsets.length;
  }

  /** The packed records, in the order written. */
  get bytes(): Buffer {
    return this.buf;
  }

  /**
   * The record in force as of `asOfDay`, as known at `knownMs` (Infinity: everything): the greatest effective day
   * ≤ asOfDay among the records known then, of those the last written; -1 when none (not yet planned).
   */
  find(asOfDay: number, knownMs: number): number {
    const offs = this.offsets;
    let lo = 0;
    let hi = offs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.buf.readInt32LE(offs[mid]) <= asOfDay) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) {
      const o = offs[i]!;
      if (this.buf.readDoubleLE(o + 4) <= knownMs) return o;
    }
    return -1;
  }

  /** The facts of the record at `o`, with its health on `onDay`, into `out`. */
  read(o: number, onDay: number, out: PackedFacts): void {
    const b = this.buf;
    out.lifecycle = MILESTONE_LIFECYCLES[b.readUInt8(o + 12)]!;
    out.cancelledWithMilestone = (b.readUInt8(o + 13) & WHOLE_CANCELLED) !== 0;
    out.periodFrom = b.readInt32LE(o + 16);
    const percent = b.readFloatLE(o + 20);
    out.percent = Number.isNaN(percent) ? null : percent;
    out.dueDay = b.readInt32LE(o + 24);
    out.baselineDay = b.readInt32LE(o + 28);
    out.submittedDay = b.readInt32LE(o + 32);
    out.acceptedDay = b.readInt32LE(o + 36);
    out.lastReportDay = b.readInt32LE(o + 40);
    const steps = b.readUInt16LE(o + 14);
    let colour = HEALTH_COLOURS.indexOf('grey');
    for (let k = 0, s = o + FIXED; k < steps; k++, s += STEP) {
      if (b.readInt32LE(s) > onDay) break;
      colour = b.readUInt8(s + 4);
    }
    out.health = HEALTH_COLOURS[colour]!;
  }
}

/** A day number back as a date (null for `NO_DAY`), through a cache: the same few thousand days come back often. */
const isoDays = new Map<number, IsoDate>();
export function isoOfDay(n: number): IsoDate | null {
  if (n === NO_DAY) return null;
  let d = isoDays.get(n);
  if (d === undefined) {
    d = fromDayNumber(n);
    if (isoDays.size > 100_000) isoDays.clear();
    isoDays.set(n, d);
  }
  return d;
}
