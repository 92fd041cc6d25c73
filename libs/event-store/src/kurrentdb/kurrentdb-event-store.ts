import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  END,
  excludeSystemEvents,
  type Filter,
  FORWARDS,
  KurrentDBClient,
  type Position,
  type RecordedEvent,
  START,
  StreamNotFoundError,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import {
  type AppendRequest,
  type AppendResult,
  type ChainVerification,
  type EventMetadata,
  EventStore,
  type ExpectedVersion,
  type NewEvent,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamPrefixReadOptions,
} from '../event-store.port';
import { WrongExpectedVersionError } from '../event-store.errors';
import {
  lastPositionRecordedByFrom,
  PostgresEventStore,
  readStreamsWithPrefixFrom,
  toStoredEvent,
} from '../postgres/postgres-event-store';
import {
  checkAppendResult,
  classifyRequest,
  comparePositions,
  expectedVersionHolds,
  type LedgerCandidate,
  ledgerDiff,
  mapAppendError,
  MultiStreamAppendIncompleteError,
  planLedger,
  toEventData,
  toLedgerCandidate,
  toStreamState,
  validateRequests,
  versionOfRevision,
} from './kurrentdb-mapping';
import {
  findExisting,
  idsInLedger,
  insertLedgerRows,
  ledgerPlaces,
  loadLedgerState,
  lockLedger,
  notifyConsumers,
  positionOfId,
  readLedger,
  saveCursor,
  type Sql,
  streamVersions,
} from './kurrentdb-ledger';

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function positionOf(r: AllStreamResolvedEvent): Position {
  const p = r.event?.position ?? r.link?.position;
  if (!p) throw new Error('a $all record without a position');
  return p;
}

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
  private readonly pageSize: number;
  private readonly pollMs: number;
  private stopped = false;
  private followLoop: Promise<void> | undefined;
  private subscription: AllStreamSubscription | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    readonly client: KurrentDBClient,
    private readonly options: KurrentDbEventStoreOptions = {},
  ) {
    super();
    this.prefix = options.streamPrefix ?? '';
    this.pageSize = options.pageSize ?? 500;
    this.pollMs = options.pollMs ?? 1000;
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
      await this.follow(tx);
      const known = await findExisting(tx, ids);
      const results = requests.map((r) => classifyRequest(r, known));
      const pending = requests.filter((_, i) => results[i] === undefined);
      if (pending.length === 0) return results as AppendResult[];
      if (precheck) {
        const versions = await streamVersions(
          tx,
          pending.map((r) => r.streamId),
        );
        for (const r of pending) {
          const current = versions.get(r.streamId) ?? 0;
          if (!expectedVersionHolds(r.expected, current))
            throw new WrongExpectedVersionError(r.streamId, r.expected, current);
          versions.set(r.streamId, current + r.events.length);
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
      await this.followUntil(tx, newIds);
      const placed = await findExisting(tx, newIds);
      return requests.map((r, i) => {
        const result = results[i] ?? classifyRequest(r, placed);
        if (!result) throw new Error(`append to ${r.streamId}: written but not found in the ledger`);
        return result;
      });
    });
  }

  // ── the ledger follows $all ────────────────────────────────────────────────────────────────────

  private filter(): Filter {
    return this.prefix ? streamNameFilter({ prefixes: [this.prefix] }) : excludeSystemEvents();
  }

  /** Up to `count` `$all` records strictly after `cursor`, and whether more may follow. */
  private async readAllAfter(
    cursor: Position | undefined,
    count: number,
  ): Promise<{ records: AllStreamResolvedEvent[]; more: boolean }> {
    const records: AllStreamResolvedEvent[] = [];
    let fetched = 0;
    for await (const r of this.client.readAll({
      fromPosition: cursor ?? START,
      maxCount: count + 1, // the read is inclusive: the record at the cursor comes back first
      direction: FORWARDS,
      filter: this.filter(),
      resolveLinkTos: false,
      requiresLeader: true,
    })) {
      fetched++;
      if (cursor && comparePositions(positionOf(r), cursor) <= 0) continue;
      records.push(r);
    }
    return { records, more: fetched === count + 1 };
  }

  /**
   * Copies `$all` records after the ledger's cursor into the ledger, page by page, inside `tx` (which
   * holds the ledger lock). Returns how many events it numbered and whether `$all` was exhausted.
   */
  private async follow(
    tx: Sql,
    maxPages = Number.POSITIVE_INFINITY,
  ): Promise<{ inserted: number; done: boolean }> {
    let state = await loadLedgerState(tx, this.prefix);
    let inserted = 0;
    let done = false;
    for (let page = 0; page < maxPages; page++) {
      const { records, more } = await this.readAllAfter(state.cursor, this.pageSize);
      if (records.length > 0) {
        const candidates: LedgerCandidate[] = [];
        for (const r of records) {
          const c = toLedgerCandidate(r, this.prefix);
          if (c.ok) candidates.push(c.event);
        }
        const plan = planLedger(
          state.position,
          candidates,
          await idsInLedger(
            tx,
            candidates.map((c) => c.eventId),
          ),
        );
        for (const d of plan.duplicates) {
          this.log.warn(
            `$all: event ${d.eventId} in ${d.streamId} v${d.version} repeats an id the ledger already holds; ` +
              'left out of the ledger (the first occurrence wins)',
          );
        }
        const head = await insertLedgerRows(tx, state, plan.rows);
        const cursor = positionOf(records[records.length - 1]!);
        await saveCursor(tx, this.prefix, cursor);
        state = { ...head, cursor };
        inserted += plan.rows.length;
      }
      if (!more) {
        done = true;
        break;
      }
    }
    if (inserted > 0) await notifyConsumers(tx, state.position);
    return { inserted, done };
  }

  /** After an append: follow until every new id is in the ledger (KurrentDB acknowledged them). */
  private async followUntil(tx: Sql, ids: readonly string[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await this.follow(tx);
      const have = await idsInLedger(tx, ids);
      if (have.size === ids.length) return;
      if (attempt >= 12) {
        throw new Error(
          `Appended to KurrentDB, but ${ids.length - have.size} event(s) did not show in $all in time; ` +
            'the ledger will take them up, and the same request again returns the original result',
        );
      }
      await sleep(Math.min(500, 10 * 2 ** attempt));
    }
  }

  /**
   * Brings the ledger up to the end of `$all`, a few pages per transaction. Looks without the lock
   * first, so a ledger that is up to date costs one `$all` read and no lock.
   */
  async catchUp(): Promise<number> {
    let total = 0;
    for (;;) {
      const state = await loadLedgerState(this.dataSource.manager, this.prefix);
      if ((await this.readAllAfter(state.cursor, 1)).records.length === 0) return total;
      const r = await this.dataSource.transaction(async (tx) => {
        await lockLedger(tx);
        return this.follow(tx, 10);
      });
      total += r.inserted;
      if (r.done) return total;
    }
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
    const broken = (at: number, reason: string): ChainVerification => ({
      ok: false,
      checked: at - 1,
      headPosition: chain.headPosition,
      headHash: chain.headHash,
      brokenAt: at,
      reason,
    });
    const q = this.dataSource.manager;
    let expected = 1;
    let batch = await readLedger(q, 1, 1000);
    let i = 0;
    for await (const resolved of this.client.readAll({
      fromPosition: START,
      direction: FORWARDS,
      filter: this.filter(),
      resolveLinkTos: false,
      requiresLeader: true,
    })) {
      if (expected > chain.headPosition) break;
      const c = toLedgerCandidate(resolved, this.prefix);
      if (!c.ok) continue;
      if (i >= batch.length) {
        batch = await readLedger(q, expected, 1000);
        i = 0;
      }
      const row = batch[i];
      if (!row) break;
      if (row.eventId !== c.event.eventId) {
        const earlier = await positionOfId(q, c.event.eventId);
        if (earlier !== undefined && earlier < expected) continue; // a later copy of an id: not in the log
        return broken(
          expected,
          `KurrentDB has ${c.event.eventId} (${c.event.streamId} v${c.event.version}) where the ledger has ` +
            `${row.eventId} (${row.streamId} v${row.version}): deleted from KurrentDB, or the ledger was rewritten`,
        );
      }
      const diff = ledgerDiff(row, c.event);
      if (diff) return broken(expected, `the ledger and KurrentDB differ in ${diff}`);
      expected++;
      i++;
    }
    if (expected <= chain.headPosition) {
      return broken(
        expected,
        `positions ${expected}…${chain.headPosition} are in the ledger but not in KurrentDB ` +
          '(deleted, truncated or scavenged there)',
      );
    }
    return chain;
  }

  // ── background following and shutdown ──────────────────────────────────────────────────────────

  onApplicationBootstrap(): void {
    if (this.options.follow) this.startFollowing();
  }

  /** Starts following `$all` (idempotent). Woken by a live subscription; polls as a safety net. */
  startFollowing(): void {
    if (this.followLoop || this.stopped) return;
    this.subscribe();
    this.followLoop = this.runFollowLoop();
  }

  private subscribe(): void {
    if (this.stopped) return;
    const sub = this.client.subscribeToAll({
      fromPosition: END,
      filter: this.filter(),
      resolveLinkTos: false,
    });
    sub.on('data', () => this.wake());
    sub.on('error', (e: Error) => {
      if (this.subscription !== sub) return;
      this.subscription = undefined;
      if (this.stopped) return;
      this.log.warn(`$all subscription lost (${e.message}); polling, resubscribing in 1 s`);
      setTimeout(() => this.subscribe(), 1000).unref();
    });
    this.subscription = sub;
  }

  private wake(): void {
    this.wakeUp?.();
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private async runFollowLoop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.catchUp();
        failures = 0;
        await this.idle(this.pollMs);
      } catch (e) {
        failures++;
        const delay = Math.min(30_000, 100 * 2 ** Math.min(failures, 9));
        this.log.error(
          `ledger catch-up failed (retry in ${delay} ms): ${e instanceof Error ? e.message : String(e)}`,
        );
        await this.idle(delay);
      }
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.followLoop?.catch(() => undefined);
    const sub = this.subscription;
    this.subscription = undefined;
    await sub?.unsubscribe().catch(() => undefined);
    if (this.options.ownsClient) await this.client.dispose().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
