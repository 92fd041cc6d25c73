import { startUnbounded } from '@app/platform';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import {
  type AppendClaim,
  type AppendRequest,
  type AppendResult,
  type ChainVerification,
  EventStore,
  type ExpectedVersion,
  type NewEvent,
  type ReadStreamOptions,
  refuseClaim,
  type StoredEvent,
  type StreamPrefixReadOptions,
} from '../event-store.port';
import {
  headPositionFrom,
  lastPositionRecordedByFrom,
  readAllFrom,
  readStreamsFrom,
  readStreamsWithPrefixFrom,
} from '../postgres/event-reads';
import { verifyEventsChain } from '../postgres/verify-chain';
import { KurrentDbAppender } from './kurrentdb-append';
import { LedgerFollower } from './kurrentdb-follower';
import { KurrentDbStreamReader } from './kurrentdb-stream-read';
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

/**
 * The event store on KurrentDB (`EVENT_STORE=kurrentdb`). KurrentDB holds the events: streams, event
 * ids, expected-version checks. The ledger in PostgreSQL (see `kurrentdb-ledger.ts`) numbers them
 * gaplessly in `$all` order and chains their hashes; positions, `readAll`, `headPosition`, the
 * consumers and `verifyChain` work on it. See docs/kurrentdb.md for what is and is not guaranteed.
 *
 * Appends: see `KurrentDbAppender` (kurrentdb-append.ts); `readStream`: see `KurrentDbStreamReader`
 * (kurrentdb-stream-read.ts); the other reads are the PostgreSQL adapter's queries on the ledger.
 */
export class KurrentDbEventStore extends EventStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('KurrentDbEventStore');
  private readonly prefix: string;
  private readonly follower: LedgerFollower;
  private readonly appender: KurrentDbAppender;
  private readonly streamReader: KurrentDbStreamReader;

  constructor(
    private readonly dataSource: DataSource,
    readonly client: KurrentDBClient,
    private readonly options: KurrentDbEventStoreOptions = {},
  ) {
    super();
    const prefix = (this.prefix = options.streamPrefix ?? '');
    this.follower = new LedgerFollower(
      dataSource,
      client,
      prefix,
      options.pageSize ?? 500,
      options.pollMs ?? 1000,
      this.log,
    );
    this.appender = new KurrentDbAppender(dataSource, client, prefix, this.follower);
    this.streamReader = new KurrentDbStreamReader(dataSource, client, prefix, () => this.catchUp());
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
    claim?: AppendClaim,
  ): Promise<AppendResult> {
    refuseClaim(claim);
    // One stream: KurrentDB's own expected-version check decides (no pre-check needed).
    const [result] = await this.appender.write([{ streamId, events, expected }], false);
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
    return this.appender.write(requests, true);
  }

  // ── reads ──────────────────────────────────────────────────────────────────────────────────────

  /** From KurrentDB, each event placed by the ledger: see `KurrentDbStreamReader`. */
  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    return this.streamReader.read(streamId, options);
  }

  /** From the ledger (our positions), after bringing it up to the end of `$all`. */
  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    const read = () => readAllFrom(this.dataSource, afterPosition, limit);
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
    return headPositionFrom(this.dataSource);
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
    const chain = await verifyEventsChain(this.dataSource, onProgress);
    if (!chain.ok) return chain;
    return verifyAgainstKurrentDb(this.dataSource, this.client, this.follower.filter(), this.prefix, chain);
  }

  // ── background following and shutdown ──────────────────────────────────────────────────────────

  onApplicationBootstrap(): void {
    if (this.options.follow) this.startFollowing();
  }

  /** Starts following `$all` in the background (idempotent); see `LedgerFollower`. */
  startFollowing(): void {
    startUnbounded(() => this.follower.startFollowing()); // (background work, unbounded: query-scope.ts)
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
