import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type BatchStats, GroupCommit } from '@app/platform';
import {
  type AppendClaim,
  type AppendRequest,
  type AppendResult,
  type ChainVerification,
  EventStore,
  type ExpectedVersion,
  type NewEvent,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamPrefixReadOptions,
} from '../event-store.port';
import { type AppendUnit, runAppendBatch } from './append-batch';
import {
  headPositionFrom,
  lastPositionRecordedByFrom,
  readAllFrom,
  readStreamsFrom,
  readStreamsWithPrefixFrom,
} from './event-reads';
import { type EventRow, SELECT_EVENT, toStoredEvent } from './event-rows';
import { verifyEventsChain } from './verify-chain';

/** Units per transaction at most: each is a subtransaction, and PostgreSQL caches 64 per transaction. */
const MAX_UNITS_PER_BATCH = 32;
/** Events per transaction before a batch stops taking more units (a bigger unit runs alone). */
const MAX_EVENTS_PER_BATCH = 1000;

/** Appends are group-committed: concurrent appends of this process share one transaction (see GroupCommit). */
@Injectable()
export class PostgresEventStore extends EventStore {
  private readonly batcher: GroupCommit<AppendUnit, AppendResult[]>;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.batcher = new GroupCommit((units) => runAppendBatch(this.dataSource, units), {
      maxUnits: MAX_UNITS_PER_BATCH,
      maxWeight: MAX_EVENTS_PER_BATCH,
      weight: (unit) => unit.requests.reduce((n, r) => n + r.events.length, 0),
    });
  }

  override readonly claimsKeys = true;

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
    claim?: AppendClaim,
  ): Promise<AppendResult> {
    const [result] = await this.appendUnit({
      requests: [{ streamId, events, expected }],
      ...(claim ? { claim } : {}),
    });
    return result!;
  }

  async appendMulti(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    if (requests.length === 0) return [];
    return this.appendUnit({ requests });
  }

  /** How many transactions the appends of this instance took so far (group commit at work). */
  appendStats(): BatchStats {
    return this.batcher.stats();
  }

  private async appendUnit(unit: AppendUnit): Promise<AppendResult[]> {
    if (unit.requests.some((r) => r.events.length === 0)) throw new Error('append: no events');
    return this.batcher.submit(unit);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const rows = await this.dataSource.query<EventRow[]>(
      `${SELECT_EVENT} WHERE stream_id = $1 AND stream_version > $2 AND global_position <= $3
       ORDER BY stream_version`,
      [streamId, options.afterVersion ?? 0, options.maxPosition ?? Number.MAX_SAFE_INTEGER],
    );
    return rows.map(toStoredEvent);
  }

  readStreams(streamIds: readonly string[]): Promise<Map<string, StoredEvent[]>> {
    return readStreamsFrom(this.dataSource, streamIds);
  }

  readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    return readAllFrom(this.dataSource, afterPosition, limit);
  }

  readStreamsWithPrefix(prefix: string, options: StreamPrefixReadOptions): Promise<StoredEvent[]> {
    return readStreamsWithPrefixFrom(this.dataSource, prefix, options);
  }

  lastPositionRecordedBy(instant: Date, maxPosition?: number): Promise<number> {
    return lastPositionRecordedByFrom(this.dataSource, instant, maxPosition);
  }

  headPosition(): Promise<number> {
    return headPositionFrom(this.dataSource);
  }

  /** See `verifyEventsChain`: every hash recomputed in position order. */
  verifyChain(onProgress?: (checked: number) => void): Promise<ChainVerification> {
    return verifyEventsChain(this.dataSource, onProgress);
  }
}
