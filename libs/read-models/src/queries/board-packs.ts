import type { EntityManager } from 'typeorm';
import type { EventLoopTurns } from './event-loop-turns';

/*
 * The packed versions of the board's assignments as a query process reads them (`version-segments.ts` says how
 * they are stored): on a full load each assignment's segments concatenated in PostgreSQL; on a sync only the
 * segments written after the process's position, appended to what it holds, or replacing it from a segment that
 * starts the pack (an assignment's first, or a compaction: it holds every record, those already held included).
 */

interface SegmentRow {
  milestone_id: string;
  assignment: string;
  starts: boolean;
  /** Base64. */
  pack: string;
}

const SELECT_PACKS = `SELECT milestone_id, assignment, true AS starts,
  encode(string_agg(pack, ''::bytea ORDER BY position), 'base64') AS pack
  FROM rm_version_segments GROUP BY milestone_id, assignment`;

const SELECT_SEGMENTS_SINCE = `SELECT milestone_id, assignment, starts, encode(pack, 'base64') AS pack
  FROM rm_version_segments WHERE position > $1 ORDER BY milestone_id, assignment, position`;

/** The key of an assignment in `readPacks`' answer. */
export const packKey = (milestoneId: string, assignment: string) => `${milestoneId}\u0000${assignment}`;

/**
 * The packs, as of the snapshot `m` reads, of the assignments with segments written after `since` (every
 * assignment when `since` < 0), by `packKey`; `held` gives the pack a key had at `since`. Decoded in `turns` (at
 * 100,000 milestones the packs take over a second to decode).
 */
export async function readPacks(
  m: EntityManager,
  since: number,
  held: (key: string) => Buffer | undefined,
  turns: EventLoopTurns,
): Promise<Map<string, Buffer>> {
  const rows =
    since < 0
      ? await m.query<SegmentRow[]>(SELECT_PACKS)
      : await m.query<SegmentRow[]>(SELECT_SEGMENTS_SINCE, [since]);
  turns.restart(); // (the reads held nothing)
  const parts = new Map<string, Buffer[]>();
  for (const r of rows) {
    const k = packKey(r.milestone_id, r.assignment);
    const bytes = Buffer.from(r.pack, 'base64');
    let list = parts.get(k);
    if (list === undefined || r.starts) {
      const before = r.starts ? undefined : held(k);
      parts.set(k, (list = before === undefined ? [] : [before]));
    }
    list.push(bytes);
    if (turns.due()) await turns.give();
  }
  const packs = new Map<string, Buffer>();
  for (const [k, list] of parts) {
    packs.set(k, list.length === 1 ? list[0]! : Buffer.concat(list));
    if (turns.due()) await turns.give();
  }
  return packs;
}
