import type { EventStore, StoredEvent } from '@app/event-store';
import { evolve, fold, type MilestoneState } from '../domain';
import { toMilestoneEvents } from './stored-milestone-events';

/** Streams whose fold is kept; the least recently used one goes first. */
const DEFAULT_CAPACITY = 5_000;

interface Folded {
  readonly state: MilestoneState;
  /** The stream's version the state is folded to, and the id of the event at that version. */
  readonly version: number;
  readonly lastEventId: string;
}

/**
 * A stream's fold, kept between commands: a command reads only the events appended since (from the last one it
 * knows, by the index on (stream_id, version)) instead of folding the stream from its first event. Streams are
 * append-only, so a kept fold stays true; the event at the kept version is read again and compared by id, so a
 * store replaced underneath (a restore into a running process, a test that wipes it) is noticed and the stream
 * folded again from the start.
 */
export class MilestoneFolds {
  private readonly folds = new Map<string, Folded>();

  constructor(
    private readonly store: EventStore,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  async load(streamId: string): Promise<MilestoneState> {
    const kept = this.folds.get(streamId);
    if (kept !== undefined) {
      const tail = await this.store.readStream(streamId, { afterVersion: kept.version - 1 });
      if (tail[0]?.eventId === kept.lastEventId) {
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
      return state;
    }
    return this.keep(streamId, state, last);
  }

  private keep(streamId: string, state: MilestoneState, last: StoredEvent): MilestoneState {
    this.folds.delete(streamId);
    this.folds.set(streamId, { state, version: last.version, lastEventId: last.eventId });
    if (this.folds.size > this.capacity) this.folds.delete(this.folds.keys().next().value!);
    return state;
  }
}
