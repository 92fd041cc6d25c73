import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  FORWARDS,
  KurrentDBClient,
  type RecordedEvent,
  StreamNotFoundError,
} from '@kurrent/kurrentdb-client';
import {
  type AppendRequest,
  type AppendResult,
  type ChainVerification,
  type EventMetadata,
  EventStore,
  type ExpectedVersion,
  expectedVersionHolds,
  type NewEvent,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamPrefixReadOptions,
} from '../event-store.port';
import { WrongExpectedVersionError } from '../event-store.errors';
import {
  lastPositionRecordedByFrom,
  PostgresEventStore,
  readStreamsFrom,
  readStreamsWithPrefixFrom,
  toStoredEvent,
} from '../postgres/postgres-event-store';
import {
  checkAppendResult,
  classifyRequest,
  mapAppendError,
  MultiStreamAppendIncompleteError,
  toEventData,
  toStreamState,
  validateRequests,
  versionOfRevision,
} from './kurrentdb-mapping';
import { findExisting, ledgerPlaces, lockLedger, streamHeads } from './kurrentdb-ledger';
import { LedgerFollower } from './kurrentdb-follower';
import { verifyAgainstKurrentDb } from './kurrentdb-verify';

export interface KurrentDbEventStoreOptions {
  /**
   * Prepended to every stream name in KurrentDB (the ledger and the port see names without it), and
   * `$all` is read through a server-side filter on it. Lets environments or test runs share a server.
   */
  readonly streamPrefix?: string;
  /** `$all` records per ledger page (default 500). */
  readonly pageSize?: number;
  /**
   * Follow `$all` in the background (a catch-up subscription as wake-up, plus polling every `pollMs`),
   * so that events another process wrote to KurrentDB (or an append interrupted between KurrentDB and
   * PostgreSQL) reach the ledger and the consumers without waiting for the next append here.
   */
  readonly follow?: boolean;
  readonly pollMs?: number;
  /** Dispose the client when the store closes (true when the store made it from a connection string). */
  readonly ownsClient?: boolean;
}

const LEDGER_SELECT = `SELECT global_position, stream_id, stream_version, event_id, type, data, metadata,
                              recorded_at, prev_hash, hash FROM events`;

/**
 * The event store on KurrentDB (`EVENT_STORE=kurrentdb`). KurrentDB holds the events: streams, event
 * ids, expected-version checks. The ledger in PostgreSQL (see `kurrentdb-ledger.ts`) numbers them
 * gaplessly in `$all` order and chains their hashes; positions, `readAll`, `headPosition`, the
 * consumers and `verifyChain` work on it. See docs/kurrentdb.md for what is and is not guaranteed.
 *
 * Appends run under the ledger lock (the same one `pm_append` takes): bring the ledger up to the end of
 * `$all`, decide idempotency by event id against it, append to KurrentDB with the expected version as
 * a stream state, then copy the new events into the ledger, all before the lock is released.
 */
export class KurrentDbEventStore extends EventStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('KurrentDbEventStore');
  private readonly prefix: string;
  private readonly follower: LedgerFollower;

  constructor(
    private readonly dataSource: DataSource,
    readonly client: KurrentDBClient,
    private readonly options: KurrentDbEventStoreOptions = {},
  ) {
    super();
    this.prefix = options.streamPrefix ?? '';
    this.follower = new LedgerFollower(
      dataSource,
      client,
      this.prefix,
      options.pageSize ?? 500,
      options.pollMs ?? 1000,
      this.log,
    );
  }

  /** A store with a client of its own, from `KURRENTDB_URL` (e.g. `kurrentdb://host:2113?tls=false`). */
  static connect(
    dataSource: DataSource,
    connectionString: string,
    options: Omit<KurrentDbEventStoreOptions, 'ownsClient'> = {},
  ): KurrentDbEventStore {
    return new KurrentDbEventStore(dataSource, KurrentDBClient.connectionString(connectionString), {
      ...options,
      ownsClient: true,
    });
  }

  // ── appends ────────────────────────────────────────────────────────────────────────────────────

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    // One stream: KurrentDB's own expected-version check decides (no pre-check needed).
    const [result] = await this.write([{ streamId, events, expected }], false);
    return result!;
  }

  /**
   * NOT atomic across streams: the expected versions of all requests are checked against the ledger
   * under the lock first (so a conflict writes nothing), then each stream is appended in order, each
   * with its own expected-version check in KurrentDB. If a later append fails (KurrentDB unavailable,
   * or a writer outside this adapter raced it), the earlier ones stay written and
   * MultiStreamAppendIncompleteError says which; repeating the same request completes it.
   */
  async appendMulti(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    return this.write(requests, true);
  }

  private async write(requests: readonly AppendRequest[], precheck: boolean): Promise<AppendResult[]> {
    if (requests.length === 0) return [];
    validateRequests(requests);
    const ids = requests.flatMap((r) => r.events.map((e) => e.eventId.toLowerCase()));
    return this.dataSource.transaction(async (tx) => {
      await lockLedger(tx);
      await this.follower.follow(tx);
      const known = await findExisting(tx, ids);
      const results = requests.map((r) => classifyRequest(r, known));
      const pending = requests.filter((_, i) => results[i] === undefined);
      if (pending.length === 0) return results as AppendResult[];
      // KurrentDB checks versions, not heads: an expected head is checked against the ledger, which the
      // follower has just brought to the end of $all under the lock.
      if (precheck || pending.some((r) => typeof r.expected === 'object')) {
        const heads = await streamHeads(
          tx,
          pending.map((r) => r.streamId),
        );
        for (const r of pending) {
          const head = heads.get(r.streamId);
          const current = head?.version ?? 0;
          if (!expectedVersionHolds(r.expected, current, head?.eventId))
            throw new WrongExpectedVersionError(r.streamId, r.expected, current);
          heads.set(r.streamId, { version: current + r.events.length, eventId: r.events.at(-1)!.eventId });
        }
      }
      const written: string[] = [];
      for (const r of pending) {
        try {
          const result = await this.client.appendToStream(
            this.prefix + r.streamId,
            r.events.map(toEventData),
            {
              streamState: toStreamState(r.expected),
              requiresLeader: true,
            },
          );
          checkAppendResult(result, r.streamId, r.expected);
        } catch (e) {
          const mapped = mapAppendError(e, r.streamId, r.expected);
          if (written.length === 0) throw mapped;
          throw new MultiStreamAppendIncompleteError(written, r.streamId, mapped);
        }
        written.push(r.streamId);
      }
      const newIds = pending.flatMap((r) => r.events.map((e) => e.eventId.toLowerCase()));
      await this.follower.followUntil(tx, newIds);
      const placed = await findExisting(tx, newIds);
      return requests.map((r, i) => {
        const result = results[i] ?? classifyRequest(r, placed);
        if (!result) throw new Error(`append to ${r.streamId}: written but not found in the ledger`);
        return result;
      });
    });
  }

  // ── reads ──────────────────────────────────────────────────────────────────────────────────────

  /**
   * Reads the stream from KurrentDB (version v is revision v − 1); each event's position and hashes
   * come from the ledger (caught up first if KurrentDB has events it has not numbered yet).
   */
  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const events = await this.readKurrentStream(streamId, options.afterVersion ?? 0);
    if (events.length === 0) return [];
    const ids = events.map((e) => e.id.toLowerCase());
    let places = await ledgerPlaces(this.dataSource.manager, ids);
    if (places.size < ids.length) {
      await this.catchUp();
      places = await ledgerPlaces(this.dataSource.manager, ids);
    }
    const out: StoredEvent[] = [];
    for (const e of events) {
      const id = e.id.toLowerCase();
      const version = versionOfRevision(e.revision);
      const place = places.get(id);
      // Not in the service's log (a copy of an id the ledger holds elsewhere): leave it out.
      if (!place || place.streamId !== streamId || place.version !== version) continue;
      if (options.maxPosition !== undefined && place.position > options.maxPosition) continue;
      out.push({
        eventId: id,
        type: e.type,
        data: e.data,
        metadata: (e.metadata ?? {}) as EventMetadata,
        streamId,
        version,
        position: place.position,
        recordedAt: e.created,
        prevHash: place.prevHash,
        hash: place.hash,
      });
    }
    return out;
  }

  private async readKurrentStream(streamId: string, afterVersion: number): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      for await (const r of this.client.readStream(this.prefix + streamId, {
        fromRevision: BigInt(afterVersion), // version afterVersion + 1 is revision afterVersion
        direction: FORWARDS,
        resolveLinkTos: false,
        requiresLeader: true,
      })) {
        if (r.event) out.push(r.event);
      }
    } catch (e) {
      if (e instanceof StreamNotFoundError) return [];
      throw e;
    }
    return out;
  }

  /** From the ledger (our positions), after bringing it up to the end of `$all`. */
  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    const read = async () =>
      (
        await this.dataSource.query<Parameters<typeof toStoredEvent>[0][]>(
          `${LEDGER_SELECT} WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
          [afterPosition, limit],
        )
      ).map(toStoredEvent);
    const rows = await read();
    if (rows.length >= limit) return rows;
    return (await this.catchUp()) > 0 ? read() : rows;
  }

  /**
   * From the ledger, as `readAll`: it holds every event with its data, stream and version, in our positions (the
   * same table and query as the PostgreSQL adapter). Caught up first, so events KurrentDB has are included.
   */
  async readStreamsWithPrefix(prefix: string, options: StreamPrefixReadOptions): Promise<StoredEvent[]> {
    if (options.after === undefined) await this.catchUp();
    return readStreamsWithPrefixFrom(this.dataSource, prefix, options);
  }

  /** From the ledger, as `readStreamsWithPrefix` (one query for them all), after bringing it up to date. */
  async readStreams(streamIds: readonly string[]): Promise<Map<string, StoredEvent[]>> {
    await this.catchUp();
    return readStreamsFrom(this.dataSource, streamIds);
  }

  /** From the ledger: its `recorded_at` is the creation time KurrentDB gave each event. */
  async lastPositionRecordedBy(instant: Date, maxPosition?: number): Promise<number> {
    await this.catchUp();
    return lastPositionRecordedByFrom(this.dataSource, instant, maxPosition);
  }

  async headPosition(): Promise<number> {
    await this.catchUp();
    const rows = await this.dataSource.query<{ head: string }[]>(
      'SELECT coalesce(max(global_position), 0) AS head FROM events',
    );
    return Number(rows[0]?.head ?? 0);
  }

  // ── tamper evidence ────────────────────────────────────────────────────────────────────────────

  /**
   * Two checks. (1) The ledger's hash chain, exactly as for the PostgreSQL adapter (an edited, deleted
   * or swapped ledger row breaks it). (2) The ledger against KurrentDB: `$all` is read from the start
   * and every event of the service's log must be the ledger row at the next position, field by field
   * (an event deleted, truncated or scavenged in KurrentDB, or a ledger rewritten with a recomputed
   * chain, shows as a difference). Events appended while it runs are not checked.
   */
  async verifyChain(onProgress?: (checked: number) => void): Promise<ChainVerification> {
    await this.catchUp();
    const chain = await new PostgresEventStore(this.dataSource).verifyChain(onProgress);
    if (!chain.ok) return chain;
    return verifyAgainstKurrentDb(this.dataSource, this.client, this.follower.filter(), this.prefix, chain);
  }

  // ── background following and shutdown ──────────────────────────────────────────────────────────

  onApplicationBootstrap(): void {
    if (this.options.follow) this.startFollowing();
  }

  /** Starts following `$all` in the background (idempotent); see `LedgerFollower`. */
  startFollowing(): void {
    this.follower.startFollowing();
  }

  /** Brings the ledger up to the end of `$all` (see `LedgerFollower.catchUp`); returns how many it numbered. */
  catchUp(): Promise<number> {
    return this.follower.catchUp();
  }

  async close(): Promise<void> {
    await this.follower.stop();
    if (this.options.ownsClient) await this.client.dispose().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
