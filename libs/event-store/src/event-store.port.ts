/** Who did something: the token that made the request, its role and the unit it is bound to. */
export interface Actor {
  readonly tokenId?: string;
  readonly tokenName?: string;
  readonly role?: string;
  /** Unit id (e.g. `u-cityplan`) for reporters. */
  readonly unit?: string;
  /** `system` for the service itself (seed import, monitor, simulator). */
  readonly system?: string;
}

export interface EventMetadata {
  readonly actor?: Actor;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** When it happened, as stated (ISO 8601). `recordedAt` comes from the database clock. */
  readonly occurredAt: string;
  readonly [key: string]: unknown;
}

export interface NewEvent<TType extends string = string, TData = unknown> {
  /** A UUID. Appending the same id with the same content again is a no-op. */
  readonly eventId: string;
  readonly type: TType;
  readonly data: TData;
  readonly metadata: EventMetadata;
}

/** A stored event as consumers receive it: without its links in the hash chain, which they never read. */
export interface RecordedEvent<TType extends string = string, TData = unknown> extends NewEvent<
  TType,
  TData
> {
  readonly streamId: string;
  /** 1-based version within the stream. */
  readonly version: number;
  /** Global position, gapless, in commit order, from 1. */
  readonly position: number;
  readonly recordedAt: Date;
}

export interface StoredEvent<TType extends string = string, TData = unknown> extends RecordedEvent<
  TType,
  TData
> {
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * The stream's last event, as a caller knows it: the stream must still end with this event at this version. A
 * version check that also notices a stream that is not the one the caller folded (a store replaced underneath a
 * running process), so a caller may trust a fold it keeps and append without reading the stream first.
 */
export interface ExpectedHead {
  readonly version: number;
  readonly eventId: string;
}

/** A version number (the stream's current version must equal it), the stream's head, `no_stream`, or `any`. */
export type ExpectedVersion = number | ExpectedHead | 'no_stream' | 'any';

/** The version an expectation names (`undefined` for `any`; 0 for `no_stream`). */
export function expectedVersionNumber(expected: ExpectedVersion): number | undefined {
  if (expected === 'any') return undefined;
  if (expected === 'no_stream') return 0;
  return typeof expected === 'number' ? expected : expected.version;
}

/**
 * Whether a stream at version `current`, ending with the event `headEventId`, satisfies `expected`: the one rule of
 * the in-memory store and the KurrentDB adapter's pre-check (PostgreSQL's is in `pm_append` and `pm_append_batch`).
 */
export function expectedVersionHolds(
  expected: ExpectedVersion,
  current: number,
  headEventId?: string,
): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === 0;
  if (typeof expected === 'number') return current === expected;
  return current === expected.version && headEventId?.toLowerCase() === expected.eventId.toLowerCase();
}

export interface AppendResult {
  /** The stream's version after the append. */
  readonly version: number;
  /** The global position of the last appended event. */
  readonly position: number;
  /**
   * True when every event was already stored (same ids, same stream, type and data: an earlier append of them, e.g. the first
   * execution of a command under the same idempotency key): nothing was appended, version and position are theirs.
   */
  readonly alreadyStored: boolean;
}

/**
 * An Idempotency-Key claimed by an append, in its own transaction (stores whose `claimsKeys` is true): the key's
 * record (`idempotency_keys`: scope, key, the request's hash; no owner, no answer) is written with the events, so a
 * record so written is a recorded command, never one still running. A key claimed before refuses the append with
 * KeyClaimedError, nothing appended. A refused append claims nothing.
 */
export interface AppendClaim {
  readonly scope: string;
  readonly key: string;
  readonly hash: string;
}

/** What a store whose `claimsKeys` is false does with a claim: refuses the append (a caller's mistake). */
export function refuseClaim(claim: AppendClaim | undefined): void {
  if (claim !== undefined)
    throw new Error('this event store does not claim Idempotency-Keys (claimsKeys is false)');
}

/** One stream's part of an atomic multi-stream append. */
export interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedVersion;
}

export interface ReadStreamOptions {
  /** Only events with version > afterVersion. */
  readonly afterVersion?: number;
  /** Only events recorded at or before this position (time travel by position). */
  readonly maxPosition?: number;
}

/** A page of the streams whose ids start with a prefix (`readStreamsWithPrefix`). */
export interface StreamPrefixReadOptions {
  /** Resume after this event: the stream id and version of the last event of the previous page. */
  readonly after?: { readonly streamId: string; readonly version: number };
  /** Only events at or before this position (time travel by position). */
  readonly maxPosition?: number;
  /** At most this many events. */
  readonly limit: number;
}

export interface ChainVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly headPosition: number;
  readonly headHash: string;
  /** The first position whose hash or link does not hold. */
  readonly brokenAt?: number;
  readonly reason?: string;
}

/** The event store port. The PostgreSQL adapter is the default; in-memory serves pure tests. */
export abstract class EventStore {
  /** Whether `append` takes an AppendClaim (PostgreSQL: the claim and the events in one transaction). */
  readonly claimsKeys: boolean = false;

  /** `claim`: only where `claimsKeys`; another store refuses one (`refuseClaim`) rather than append without it. */
  abstract append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
    claim?: AppendClaim,
  ): Promise<AppendResult>;
  /** Appends to several streams in one transaction: all or nothing. Results in request order. */
  abstract appendMulti(requests: readonly AppendRequest[]): Promise<AppendResult[]>;
  abstract readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /**
   * Several whole streams at once (one query, not one per stream): each requested id once, in request order, with
   * its events in version order (none for a stream that does not exist). The caller bounds the list.
   */
  abstract readStreams(streamIds: readonly string[]): Promise<Map<string, StoredEvent[]>>;
  /** Events with position > afterPosition, in position order, at most `limit`. */
  abstract readAll(afterPosition: number, limit: number): Promise<StoredEvent[]>;
  abstract headPosition(): Promise<number>;
  /**
   * One page of the events of every stream whose id starts with `prefix`, ordered by stream id (the store's own
   * order) and version; the next page starts `after` the last event of this one.
   */
  abstract readStreamsWithPrefix(prefix: string, options: StreamPrefixReadOptions): Promise<StoredEvent[]>;
  /** The last position recorded at or before `instant` and not beyond `maxPosition` (0 when none). */
  abstract lastPositionRecordedBy(instant: Date, maxPosition?: number): Promise<number>;

  /**
   * Every stream whose id starts with `prefix`, up to `maxPosition`, one whole stream at a time (in version
   * order), read in pages of `pageSize` events: memory holds a page and a stream, never the whole prefix.
   */
  async *streamsWithPrefix(
    prefix: string,
    options: { readonly maxPosition?: number; readonly pageSize?: number } = {},
  ): AsyncGenerator<StoredEvent[]> {
    const limit = options.pageSize ?? 5000;
    let after: StreamPrefixReadOptions['after'];
    let current: StoredEvent[] = [];
    for (;;) {
      const page = await this.readStreamsWithPrefix(prefix, {
        limit,
        ...(after !== undefined ? { after } : {}),
        ...(options.maxPosition !== undefined ? { maxPosition: options.maxPosition } : {}),
      });
      for (const e of page) {
        if (current.length > 0 && current[0]!.streamId !== e.streamId) {
          yield current;
          current = [];
        }
        current.push(e);
      }
      const last = page.at(-1);
      if (last === undefined || page.length < limit) break;
      after = { streamId: last.streamId, version: last.version };
    }
    if (current.length > 0) yield current;
  }
  abstract verifyChain(onProgress?: (checked: number) => void): Promise<ChainVerification>;
}
