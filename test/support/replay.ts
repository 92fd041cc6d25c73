import { Client } from 'pg';

/**
 * Copies every event from one database into another (migrated, without events), exactly as stored: the text of
 * data and metadata, recorded_at to the microsecond, the hash chain. What a restore of the event log into a fresh
 * database would do. Returns the number of events copied.
 */
export async function copyEvents(fromUrl: string, toUrl: string): Promise<number> {
  const from = new Client({ connectionString: fromUrl });
  const to = new Client({ connectionString: toUrl });
  await from.connect();
  await to.connect();
  try {
    let after = 0;
    let copied = 0;
    for (;;) {
      const { rows } = await from.query<{ global_position: string }>(
        `SELECT global_position, stream_id, stream_version, event_id::text, type, data::text AS data,
                metadata::text AS metadata, recorded_at::text AS recorded_at, prev_hash, hash
           FROM events WHERE global_position > $1 ORDER BY global_position LIMIT 2000`,
        [after],
      );
      if (rows.length === 0) return copied;
      await to.query(
        `INSERT INTO events (global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at,
                             prev_hash, hash)
         SELECT x.global_position, x.stream_id, x.stream_version, x.event_id::uuid, x.type, x.data::jsonb,
                x.metadata::jsonb, x.recorded_at::timestamptz, x.prev_hash, x.hash
           FROM jsonb_to_recordset($1::jsonb) AS x(global_position bigint, stream_id text, stream_version integer,
                event_id text, type text, data text, metadata text, recorded_at text, prev_hash text, hash text)`,
        [JSON.stringify(rows)],
      );
      copied += rows.length;
      after = Number(rows[rows.length - 1]!.global_position);
    }
  } finally {
    await from.end();
    await to.end();
  }
}

/** A raw message as compared across a replay: LF line ends, without its Date header (the outbox row's time). */
export function withoutDate(raw: string | Buffer): string {
  return raw
    .toString()
    .replace(/\r\n/g, '\n')
    .replace(/^Date: .*\n/m, '')
    .trimEnd();
}
