import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import {
  type AppendRequest,
  type AppendResult,
  type ChainVerification,
  EventStore,
  type ExpectedVersion,
  type NewEvent,
  type ReadStreamOptions,
  type StoredEvent,
} from '../event-store.port';
import { EventIdReusedError, WrongExpectedVersionError } from '../event-store.errors';
import { chainHash, GENESIS_HASH } from '../hash-chain';

interface EventRow {
  global_position: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  data: unknown;
  metadata: StoredEvent['metadata'];
  recorded_at: Date;
  prev_hash: string;
  hash: string;
}

const SELECT_EVENT = `SELECT global_position, stream_id, stream_version, event_id, type, data, metadata,
                             recorded_at, prev_hash, hash FROM events`;

export function toStoredEvent(r: EventRow): StoredEvent {
  return {
    position: Number(r.global_position),
    streamId: r.stream_id,
    version: r.stream_version,
    eventId: r.event_id,
    type: r.type,
    data: r.data,
    metadata: r.metadata,
    recordedAt: r.recorded_at,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function pgError(e: unknown): { code?: string; detail?: string } {
  const inner = e instanceof QueryFailedError ? (e.driverError as unknown) : e;
  return inner ?? {};
}

/** Appends run as one call of `pm_append` (one round trip, one transaction). */
@Injectable()
export class PostgresEventStore extends EventStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    return this.appendWith(this.dataSource.manager, { streamId, events, expected });
  }

  async appendMulti(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    if (requests.length === 0) return [];
    return this.dataSource.transaction(async (tx) => {
      const results: AppendResult[] = [];
      for (const r of requests) results.push(await this.appendWith(tx, r));
      return results;
    });
  }

  private async appendWith(
    runner: Pick<EntityManager, 'query'>,
    { streamId, events, expected }: AppendRequest,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append: no events');
    const kind = expected === 'any' ? 'any' : expected === 'no_stream' ? 'no_stream' : 'exact';
    const payload = JSON.stringify(
      events.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata })),
    );
    try {
      const rows = await runner.query<{ out_version: number; out_position: string }[]>(
        'SELECT out_version, out_position FROM pm_append($1, $2, $3, $4::jsonb)',
        [streamId, kind, typeof expected === 'number' ? expected : 0, payload],
      );
      const row = rows[0];
      if (!row) throw new Error('pm_append returned nothing');
      return { version: row.out_version, position: Number(row.out_position) };
    } catch (e) {
      const err = pgError(e);
      if (err.code === 'PM001')
        throw new WrongExpectedVersionError(streamId, expected, Number(err.detail ?? 0));
      if (err.code === 'PM002') throw new EventIdReusedError((err.detail ?? '').split(',').filter(Boolean));
      throw e;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const rows = await this.dataSource.query<EventRow[]>(
      `${SELECT_EVENT} WHERE stream_id = $1 AND stream_version > $2 AND global_position <= $3
       ORDER BY stream_version`,
      [streamId, options.afterVersion ?? 0, options.maxPosition ?? Number.MAX_SAFE_INTEGER],
    );
    return rows.map(toStoredEvent);
  }

  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    const rows = await this.dataSource.query<EventRow[]>(
      `${SELECT_EVENT} WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
      [afterPosition, limit],
    );
    return rows.map(toStoredEvent);
  }

  async headPosition(): Promise<number> {
    const rows = await this.dataSource.query<{ head: string }[]>(
      'SELECT coalesce(max(global_position), 0) AS head FROM events',
    );
    return Number(rows[0]?.head ?? 0);
  }

  /**
   * Walks the whole chain in position order, recomputing every hash in Node from the stored text
   * of each event: a changed payload, a deleted row or two swapped rows each break it.
   */
  async verifyChain(onProgress?: (checked: number) => void): Promise<ChainVerification> {
    const batch = 5000;
    let prevHash = GENESIS_HASH;
    let expectedPos = 1;
    let checked = 0;
    for (;;) {
      const rows = await this.dataSource.query<
        {
          global_position: string;
          stream_id: string;
          stream_version: number;
          event_id: string;
          type: string;
          data_text: string;
          metadata_text: string;
          recorded_text: string;
          prev_hash: string;
          hash: string;
        }[]
      >(
        `SELECT global_position, stream_id, stream_version, event_id::text AS event_id, type,
                data::text AS data_text, metadata::text AS metadata_text,
                to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_text,
                prev_hash, hash
           FROM events WHERE global_position >= $1 ORDER BY global_position LIMIT $2`,
        [expectedPos, batch],
      );
      for (const r of rows) {
        const pos = Number(r.global_position);
        const fail = (reason: string): ChainVerification => ({
          ok: false,
          checked,
          headPosition: pos,
          headHash: prevHash,
          brokenAt: pos,
          reason,
        });
        if (pos !== expectedPos)
          return { ...fail(`position ${expectedPos} is missing`), brokenAt: expectedPos };
        if (r.prev_hash !== prevHash) return fail('prev_hash does not match the previous event');
        const h = chainHash(prevHash, {
          position: pos,
          streamId: r.stream_id,
          version: r.stream_version,
          eventId: r.event_id,
          type: r.type,
          dataText: r.data_text,
          metadataText: r.metadata_text,
          recordedAtText: r.recorded_text,
        });
        if (h !== r.hash) return fail('hash does not match the event content');
        prevHash = r.hash;
        expectedPos = pos + 1;
        checked++;
      }
      onProgress?.(checked);
      if (rows.length < batch) break;
    }
    return { ok: true, checked, headPosition: expectedPos - 1, headHash: prevHash };
  }
}
