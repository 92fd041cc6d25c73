import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { milestoneStreamId } from '@app/milestones';
import { randomMilestoneStream, seededRandom } from '@app/read-models/testing';
import { fmt } from '../event-store/harness';

const GROUP = 5_000;
const INSERT_CHUNK = 5_000;
const HASH = '0'.repeat(64);

/** Milestones `i` with i % 100 below this are led separately (分别牵头) by 2–7 units: 13 % of them. */
const SEPARATELY_PER_100 = 13;
export const isSeparately = (i: number) => i % 100 < SEPARATELY_PER_100;
export const benchMilestoneId = (i: number) => `b${String(i).padStart(6, '0')}`;

interface Row {
  global_position: number;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  data: unknown;
  metadata: unknown;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

export interface Generated {
  readonly events: number;
  readonly milestones: number;
  readonly backdated: number;
  /** Milestones led separately (分别牵头), and the assignments of all milestones. */
  readonly separately: number;
  readonly assignments: number;
}

/**
 * Generates the events of `milestones` random streams, about `events` in all (13 % of the milestones led separately
 * by 2–7 units, their events mostly naming their assignment, with the recorder's unit in the metadata), and writes
 * them straight into `events` in position order: groups of milestones interleaved by time.
 */
export async function generateEvents(ds: DataSource, milestones: number, events: number): Promise<Generated> {
  const rng = seededRandom(2_000_000);
  let position = 0;
  let backdated = 0;
  let separately = 0;
  let assignments = 0;
  let recorded = Date.parse('2024-01-01T00:00:00Z');
  for (let g = 0; g < milestones; g += GROUP) {
    const rows: { row: Omit<Row, 'global_position' | 'recorded_at'>; at: number }[] = [];
    for (let i = g; i < Math.min(milestones, g + GROUP); i++) {
      // Aim at the running target: the events still owed, spread over the milestones still to come; the last
      // milestone takes exactly what is owed (kept open, so that its stream has every event it is given).
      const owed = events - position - rows.length;
      const last = i === milestones - 1;
      const n = last
        ? Math.max(0, owed - 1)
        : Math.max(1, Math.round((owed / (milestones - i)) * (0.5 + rng())) - 1);
      const id = benchMilestoneId(i);
      const leads = isSeparately(i) && !last ? 2 + Math.floor(rng() * 6) : 1;
      if (leads > 1) separately++;
      assignments += leads;
      const stream = randomMilestoneStream(rng, {
        milestoneId: id,
        events: n,
        backdatedShare: 0.05,
        openFor: last ? n : Math.floor(n * 0.7),
        leads,
      });
      stream.forEach((s, v) => {
        if (s.event.backdated) backdated++;
        rows.push({
          at: s.recordedMs,
          row: {
            stream_id: milestoneStreamId(id),
            stream_version: v + 1,
            event_id: randomUUID(),
            type: s.event.type,
            data: s.event.data,
            metadata: {
              occurredAt: s.event.occurredAt,
              actor: s.event.actor ?? { role: 'reporter', unit: 'bench' },
              ...(s.event.backdated ? { backdated: true } : {}),
            },
            prev_hash: HASH,
            hash: HASH,
          },
        });
      });
    }
    // Interleaved by time within the group, as units report; each stream stays in its own order.
    rows.sort(
      (a, b) =>
        a.at - b.at ||
        (a.row.stream_id < b.row.stream_id ? -1 : 1) ||
        a.row.stream_version - b.row.stream_version,
    );
    for (let c = 0; c < rows.length; c += INSERT_CHUNK) {
      const chunk: Row[] = rows.slice(c, c + INSERT_CHUNK).map(({ row }) => ({
        ...row,
        global_position: ++position,
        recorded_at: new Date((recorded += 1)).toISOString(),
      }));
      await ds.query(
        `INSERT INTO events (global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at, prev_hash, hash)
         SELECT global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at, prev_hash, hash
           FROM jsonb_to_recordset($1::jsonb) AS x(global_position bigint, stream_id text, stream_version integer,
             event_id uuid, type text, data jsonb, metadata jsonb, recorded_at timestamptz, prev_hash text, hash text)`,
        [JSON.stringify(chunk)],
      );
    }
    if (process.stderr.isTTY)
      process.stderr.write(`\rgenerated ${fmt(position)} events, ${fmt(g + GROUP)} milestones`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  return { events: position, milestones, backdated, separately, assignments };
}
