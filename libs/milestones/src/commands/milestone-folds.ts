import type { AppendResult, EventStore, ExpectedHead, NewEvent, RecordedEvent } from '@app/event-store';
import { evolve, fold, type MilestoneState } from '../domain';
import { toMilestoneEvents } from './stored-milestone-events';
import { asJson } from './json-normal';

/** Streams whose fold is kept; the least recently used one goes first. */
const DEFAULT_CAPACITY = 5_000;

/**
 * A stream's fold and its head (none for a stream without events): what a command decides on and appends after;
 * `position`, the global position of its last event: where a refusal decided on it says the milestone is.
 */
export interface StreamFold {
  readonly state: MilestoneState;
  readonly head?: ExpectedHead;
  readonly position?: number;
}

/**
 * Streams' folds, kept between commands. `load` reads only the events appended since the kept head (from the head
 * itself, by the index on (stream_id, version)) instead of folding the stream from its first event; the head is
 * read again and compared by id, so a store replaced underneath (a restore into a running process, a test that
 * wipes it) is noticed and the stream folded again from the start. `kept` gives the fold without reading at all:
 * the caller appends after its head (`ExpectedHead`), so the store refuses when the stream is not the one folded,
 * and `appended` carries the fold over the caller's own events.
 */
export class MilestoneFolds {
  private readonly folds = new Map<string, Required<StreamFold>>();

  constructor(
    private readonly store: EventStore,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** The kept fold, unread: as true as the last command of this process left it, unless another wrote since. */
  kept(streamId: string): StreamFold | undefined {
    return this.folds.get(streamId);
  }

  /** The stream's fold as stored now. */
  async load(streamId: string): Promise<StreamFold> {
    const kept = this.folds.get(streamId);
    if (kept !== undefined) {
      const tail = await this.store.readStream(streamId, { afterVersion: kept.head.version - 1 });
      if (tail[0]?.eventId === kept.head.eventId) {
        let state = kept.state;
        for (const e of toMilestoneEvents(tail.slice(1))) state = evolve(state, e);
        return this.keep(streamId, state, tail.at(-1)!);
      }
    }
    const stored = await this.store.readStream(streamId);
    const state = fold(toMilestoneEvents(stored));
    const last = stored.at(-1);
    if (last === undefined) {
      this.folds.delete(streamId);
      return { state };
    }
    return this.keep(streamId, state, last);
  }

  /**
   * `events` were appended after `from` with `result`: the fold carries over them, as a read would fold them (their
   * payloads as stored: JSON; `asJson` copies only an event that is not JSON already, such as one with an undefined
   * field). A result of events already stored (an earlier append of the same ids, whether or not it followed `from`)
   * says nothing of the stream's head now: the fold is forgotten, and the next command reads.
   */
  appended(streamId: string, from: StreamFold, events: readonly NewEvent[], result: AppendResult): void {
    const base = from.head?.version ?? 0;
    this.folds.delete(streamId);
    if (events.length === 0 || result.alreadyStored || result.version !== base + events.length) return;
    // The events are stored whatever happens here: a fold that cannot be carried over is read next time.
    try {
      const recordedAt = new Date();
      const recorded = events.map((e, i): RecordedEvent => ({
        ...asJson(e),
        streamId,
        version: base + i + 1,
        position: result.position - (events.length - 1 - i),
        recordedAt,
      }));
      let state = from.state;
      for (const e of toMilestoneEvents(recorded)) state = evolve(state, e);
      this.keep(streamId, state, recorded.at(-1)!);
    } catch {
      // forgotten above
    }
  }

  private keep(streamId: string, state: MilestoneState, last: RecordedEvent): Required<StreamFold> {
    const kept = { state, head: { version: last.version, eventId: last.eventId }, position: last.position };
    this.folds.delete(streamId);
    this.folds.set(streamId, kept);
    if (this.folds.size > this.capacity) this.folds.delete(this.folds.keys().next().value!);
    return kept;
  }
}
