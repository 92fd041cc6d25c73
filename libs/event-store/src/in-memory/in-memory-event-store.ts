import {
  type AppendClaim,
  type AppendRequest,
  type AppendResult,
  type ChainVerification,
  EventStore,
  type ExpectedVersion,
  expectedVersionHolds,
  type NewEvent,
  type ReadStreamOptions,
  refuseClaim,
  type StoredEvent,
  type StreamPrefixReadOptions,
} from '../event-store.port';
import { EventIdReusedError, WrongExpectedVersionError } from '../event-store.errors';
import { chainHash, GENESIS_HASH } from '../hash-chain';
import { stableJson } from '../content-hash';

/** In-memory adapter with the same contract, for pure tests. Single process; not durable. */
export class InMemoryEventStore extends EventStore {
  private readonly all: StoredEvent[] = [];
  private readonly byId = new Map<string, StoredEvent>();
  private readonly streams = new Map<string, StoredEvent[]>();

  constructor(private readonly now: () => Date = () => new Date()) {
    super();
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
    claim?: AppendClaim,
  ): Promise<AppendResult> {
    refuseClaim(claim);
    if (events.length === 0) throw new Error('append: no events');
    const existing = events.map((e) => this.byId.get(e.eventId));
    if (existing.some((e) => e !== undefined)) {
      const same = existing.every(
        (x, i) =>
          x !== undefined &&
          x.streamId === streamId &&
          x.type === events[i]?.type &&
          stableJson(x.data) === stableJson(events[i]?.data),
      );
      if (!same) throw new EventIdReusedError(existing.filter((x) => x !== undefined).map((x) => x.eventId));
      const found = existing as StoredEvent[];
      return {
        version: Math.max(...found.map((x) => x.version)),
        position: Math.max(...found.map((x) => x.position)),
        alreadyStored: true,
      };
    }
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length;
    if (!expectedVersionHolds(expected, current, stream[current - 1]?.eventId)) {
      throw new WrongExpectedVersionError(streamId, expected, current);
    }
    const recordedAt = this.now();
    let version = current;
    for (const e of events) {
      version++;
      const position = this.all.length + 1;
      const prevHash = this.all[this.all.length - 1]?.hash ?? GENESIS_HASH;
      const data = JSON.parse(JSON.stringify(e.data)) as unknown;
      const metadata = JSON.parse(JSON.stringify(e.metadata)) as StoredEvent['metadata'];
      const stored: StoredEvent = {
        ...e,
        data,
        metadata,
        streamId,
        version,
        position,
        recordedAt,
        prevHash,
        hash: chainHash(prevHash, {
          position,
          streamId,
          version,
          eventId: e.eventId,
          type: e.type,
          dataText: stableJson(data),
          metadataText: stableJson(metadata),
          recordedAtText: recordedAt.toISOString(),
        }),
      };
      this.all.push(stored);
      stream.push(stored);
      this.byId.set(e.eventId, stored);
    }
    this.streams.set(streamId, stream);
    return { version, position: this.all.length, alreadyStored: false };
  }

  async appendMulti(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    const mark = this.all.length;
    const results: AppendResult[] = [];
    try {
      for (const r of requests) results.push(await this.append(r.streamId, r.events, r.expected));
      return results;
    } catch (e) {
      // all or nothing: forget what this call appended
      for (const ev of this.all.splice(mark)) {
        this.byId.delete(ev.eventId);
        const stream = this.streams.get(ev.streamId) ?? [];
        stream.pop();
        if (stream.length === 0) this.streams.delete(ev.streamId);
      }
      throw e;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    return (this.streams.get(streamId) ?? []).filter(
      (e) => e.version > (options.afterVersion ?? 0) && e.position <= (options.maxPosition ?? Infinity),
    );
  }

  async readStreams(streamIds: readonly string[]): Promise<Map<string, StoredEvent[]>> {
    return new Map(streamIds.map((id) => [id, [...(this.streams.get(id) ?? [])]]));
  }

  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    return this.all.slice(afterPosition, afterPosition + limit);
  }

  async readStreamsWithPrefix(prefix: string, options: StreamPrefixReadOptions): Promise<StoredEvent[]> {
    const after = options.after;
    const max = options.maxPosition ?? Infinity;
    const ids = [...this.streams.keys()]
      .filter((id) => id.startsWith(prefix) && (after === undefined || id >= after.streamId))
      .sort();
    const out: StoredEvent[] = [];
    for (const id of ids) {
      for (const e of this.streams.get(id) ?? []) {
        if (e.position > max || (after && id === after.streamId && e.version <= after.version)) continue;
        out.push(e);
        if (out.length >= options.limit) return out;
      }
    }
    return out;
  }

  async lastPositionRecordedBy(instant: Date, maxPosition = Infinity): Promise<number> {
    const at = instant.getTime();
    return this.all.findLast((e) => e.position <= maxPosition && e.recordedAt.getTime() <= at)?.position ?? 0;
  }

  async headPosition(): Promise<number> {
    return this.all.length;
  }

  async verifyChain(): Promise<ChainVerification> {
    let prev = GENESIS_HASH;
    for (const e of this.all) {
      if (e.prevHash !== prev) {
        return {
          ok: false,
          checked: e.position - 1,
          headPosition: e.position,
          headHash: prev,
          brokenAt: e.position,
          reason: 'prev_hash does not match',
        };
      }
      prev = e.hash;
    }
    return { ok: true, checked: this.all.length, headPosition: this.all.length, headHash: prev };
  }
}
