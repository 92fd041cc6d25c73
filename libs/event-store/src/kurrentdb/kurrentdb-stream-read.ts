import type { DataSource } from 'typeorm';
import {
  FORWARDS,
  type KurrentDBClient,
  type RecordedEvent,
  StreamNotFoundError,
} from '@kurrent/kurrentdb-client';
import type { EventMetadata, ReadStreamOptions, StoredEvent } from '../event-store.port';
import { ledgerPlaces } from './kurrentdb-ledger-lookups';
import { versionOfRevision } from './kurrentdb-versions';

/**
 * `readStream` of the KurrentDB adapter: the stream from KurrentDB (version v is revision v − 1); each
 * event's position and hashes come from the ledger (caught up first if KurrentDB has events it has not
 * numbered yet).
 */
export class KurrentDbStreamReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly client: KurrentDBClient,
    private readonly prefix: string,
    private readonly catchUp: () => Promise<number>,
  ) {}

  async read(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
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
}
