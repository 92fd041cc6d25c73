import type { EventStore, RecordedEvent } from '@app/event-store';
import { endOfDayInZone, type IsoDate } from '@app/platform';
import { evolve, initialState, milestoneStreamId, type MilestoneState } from '@app/milestones';
import { historyOf, milestoneAsOf, type History } from '../history/state-as-of';

type MilestoneHistory = Extract<History, { kind: 'milestone' }>;

/** The fold of a milestone's log through one entry, and the latest instant any of those events happened at. */
interface PrefixFold {
  readonly index: number;
  readonly state: MilestoneState;
  readonly latestMs: number;
}

/** Events kept over all streams; the least recently used stream goes first. */
const DEFAULT_MAX_EVENTS = 200_000;

interface Kept {
  readonly history: History;
  /** The stream's version the history is read to, and the id of the event at that version. */
  readonly version: number;
  readonly eventId: string;
}

/**
 * The histories the monitor judges, kept between batches. A batch that brings a stream's next events (the
 * version after the kept one, and on) extends the kept history with them, without a read: a batch holds every
 * event after its checkpoint, and a stream's versions follow one another, so nothing can be missing in between.
 * Otherwise (events handled by another process meanwhile, a stream the batch only names) the batch reads what
 * was appended since the kept version (the event at it is read again and compared by id). Whatever continues
 * neither (a replay from an earlier position, a store replaced underneath) is read whole.
 */
export class StreamHistories {
  private readonly kept = new Map<string, Kept>();
  /** Per milestone stream, the fold of its log through the entry last asked for (see `milestoneAsOf`). */
  private readonly prefixFolds = new Map<string, PrefixFold>();
  private events = 0;

  constructor(
    private readonly store: EventStore,
    private readonly maxEvents = DEFAULT_MAX_EVENTS,
  ) {}

  /**
   * The stream's history up to `maxPosition`, or undefined for a stream the rules do not judge. `appended`: the
   * stream's events in the batch being judged, in order (all of them: the batch ends at `maxPosition`).
   */
  async load(
    streamId: string,
    maxPosition: number,
    appended: readonly RecordedEvent[] = [],
  ): Promise<History | undefined> {
    const k = this.kept.get(streamId);
    const next = appended[0];
    if (k !== undefined && next !== undefined && next.version === k.version + 1) {
      const more = historyOf(appended);
      const last = appended.at(-1)!;
      const history = more === undefined ? k.history : extended(k.history, more);
      return this.keep(streamId, { history, version: last.version, eventId: last.eventId });
    }
    if (k !== undefined) {
      const tail = await this.store.readStream(streamId, { afterVersion: k.version - 1, maxPosition });
      if (tail[0]?.eventId === k.eventId) {
        const more = historyOf(tail.slice(1));
        if (more === undefined) return k.history;
        const history = extended(k.history, more);
        const last = tail.at(-1)!;
        return this.keep(streamId, { history, version: last.version, eventId: last.eventId });
      }
    }
    const stored = await this.store.readStream(streamId, { maxPosition });
    this.prefixFolds.delete(streamId);
    const history = historyOf(stored);
    const last = stored.at(-1);
    if (history === undefined || last === undefined) {
      this.forget(streamId);
      return history;
    }
    return this.keep(streamId, { history, version: last.version, eventId: last.eventId });
  }

  /**
   * A milestone's state as of a date, as known at a log position (what `milestoneAsOf` gives). When no event up
   * to that position happened after the date (no report dated later than it, the usual case), that is the fold
   * of the log through the position, which is kept per stream and carried forward event by event, instead of a
   * fold of the whole history for every event judged.
   */
  milestoneAsOf(h: MilestoneHistory, asOf: IsoDate, timeZone: string, maxPosition: number): MilestoneState {
    const index = lastIndexAtOrBefore(h.log, maxPosition);
    if (index < 0) return initialState;
    const through = this.foldThrough(h, index);
    if (through.latestMs < endOfDayInZone(asOf, timeZone).getTime()) return through.state;
    return milestoneAsOf(h.log, asOf, timeZone, maxPosition);
  }

  private foldThrough(h: MilestoneHistory, index: number): PrefixFold {
    const streamId = milestoneStreamId(h.id);
    const kept = this.prefixFolds.get(streamId);
    let from = kept !== undefined && kept.index <= index ? kept : undefined;
    from ??= { index: -1, state: initialState, latestMs: -Infinity };
    let { state, latestMs } = from;
    for (let i = from.index + 1; i <= index; i++) {
      const e = h.log[i]!.event;
      state = evolve(state, e);
      latestMs = Math.max(latestMs, Date.parse(e.occurredAt));
    }
    const through = { index, state, latestMs };
    this.prefixFolds.set(streamId, through);
    return through;
  }

  private keep(streamId: string, k: Kept): History {
    const old = this.kept.get(streamId);
    if (old !== undefined) this.events -= old.history.log.length;
    this.kept.delete(streamId);
    this.kept.set(streamId, k);
    this.events += k.history.log.length;
    for (const [id] of this.kept) {
      if (this.events <= this.maxEvents || id === streamId) break;
      this.forget(id);
    }
    return k.history;
  }

  /** Forgets every kept history (the monitor's tables are reset: what comes next is a replay). */
  clear(): void {
    this.kept.clear();
    this.prefixFolds.clear();
    this.events = 0;
  }

  private forget(streamId: string): void {
    this.prefixFolds.delete(streamId);
    const k = this.kept.get(streamId);
    if (k === undefined) return;
    this.events -= k.history.log.length;
    this.kept.delete(streamId);
  }
}

function extended(h: History, more: History): History {
  return { ...h, log: [...h.log, ...more.log] } as History;
}

/** The index of the last log entry at or before a position (-1: none). */
function lastIndexAtOrBefore(log: MilestoneHistory['log'], position: number): number {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (log[mid]!.position <= position) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
