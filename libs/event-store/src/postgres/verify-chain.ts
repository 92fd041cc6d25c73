import type { DataSource } from 'typeorm';
import type { ChainVerification } from '../event-store.port';
import { chainHash, GENESIS_HASH } from '../hash-chain';

/**
 * Walks the whole chain of the `events` table in position order, recomputing every hash in Node from the
 * stored text of each event: a changed payload, a deleted row or two swapped rows each break it. The
 * PostgreSQL adapter's `verifyChain`, and the first check of the KurrentDB adapter's (on its ledger).
 */
export async function verifyEventsChain(
  q: Pick<DataSource, 'query'>,
  onProgress?: (checked: number) => void,
): Promise<ChainVerification> {
  const batch = 5000;
  let prevHash = GENESIS_HASH;
  let expectedPos = 1;
  let checked = 0;
  for (;;) {
    const rows = await q.query<
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
