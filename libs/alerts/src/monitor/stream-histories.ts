import type { EventStore } from '@app/event-store';
import { historyOf, type History } from '../history/state-as-of';

/** Events kept over all streams; the least recently used stream goes first. */
const DEFAULT_MAX_EVENTS = 200_000;

interface Kept {
  readonly history: History;
  /** The stream's version the history is read to, and the id of the event at that version. */
  readonly version: number;
  readonly eventId: string;
}

/**
 * The histories the monitor judges, kept between batches: a batch reads only the events appended to a stream
 * since the last one it read (the event at the kept version is read again and compared by id), instead of the
 * whole stream every time. Whatever does not continue the kept history (a replay from an earlier position, a
 * store replaced underneath) is read whole, as before.
 */
export class StreamHistories {
  private readonly kept = new Map<string, Kept>();
  private events = 0;

  constructor(
    private readonly store: EventStore,
    private readonly maxEvents = DEFAULT_MAX_EVENTS,
  ) {}

  /** The stream's history up to `maxPosition`, or undefined for a stream the rules do not judge. */
  async load(streamId: string, maxPosition: number): Promise<History | undefined> {
    const k = this.kept.get(streamId);
    if (k !== undefined) {
      const tail = await this.store.readStream(streamId, { afterVersion: k.version - 1, maxPosition });
      if (tail[0]?.eventId === k.eventId) {
        const more = historyOf(tail.slice(1));
        if (more === undefined) return k.history;
        const history = { ...k.history, log: [...k.history.log, ...more.log] } as History;
        const last = tail.at(-1)!;
        return this.keep(streamId, { history, version: last.version, eventId: last.eventId });
      }
    }
    const stored = await this.store.readStream(streamId, { maxPosition });
    const history = historyOf(stored);
    const last = stored.at(-1);
    if (history === undefined || last === undefined) {
      this.forget(streamId);
      return history;
    }
    return this.keep(streamId, { history, version: last.version, eventId: last.eventId });
  }

  private keep(streamId: string, k: Kept): History {
    this.forget(streamId);
    this.kept.set(streamId, k);
    this.events += k.history.log.length;
    for (const [id] of this.kept) {
      if (this.events <= this.maxEvents || id === streamId) break;
      this.forget(id);
    }
    return k.history;
  }

  private forget(streamId: string): void {
    const k = this.kept.get(streamId);
    if (k === undefined) return;
    this.events -= k.history.log.length;
    this.kept.delete(streamId);
  }
}
