import type { ColumnSpec } from './bulk-columns';

/*
 * The packed versions of an assignment (`version-pack.ts`) are kept append-only in `rm_version_segments`: a batch
 * inserts one segment per assignment it changed, its new records, at the position of the last of them (the primary
 * key (milestone_id, assignment, position) orders an assignment's segments, an index on position finds those
 * written after a reader's position). The pack is the concatenation of an assignment's segments in that order.
 *
 * Compaction: `rm_milestones.segments` counts them; the batch that would make it `COMPACT_AT` deletes them all and
 * inserts one segment, the old ones and its records concatenated, marked `starts` (as is an assignment's first):
 * a reader replaces what it holds by a starting segment, never appends it. At most COMPACT_AT - 1 segments per
 * assignment; a batch writes its records once, and a compaction every COMPACT_AT - 1 batches rewrites the pack,
 * i.e. 1/31 of the pack per batch where `versions || new` rewrote all of it.
 */
export const COMPACT_AT = 32;

export type SegmentColumn = 'milestone_id' | 'assignment' | 'position' | 'pack';

/** In the order of the values `writeStatement` pushes. */
export const SEGMENT_SPECS: readonly ColumnSpec<SegmentColumn>[] = [
  { name: 'milestone_id', type: 'text' },
  { name: 'assignment', type: 'text' },
  { name: 'position', type: 'bigint', form: 'plain' },
  // Base64 (no quote or backslash in it).
  { name: 'pack', type: 'text', form: 'quoted', expr: "decode(x.pack, 'base64')" },
];

/** The board row's count after a batch that added a segment (`b`: the row before it). */
export const SEGMENTS_AFTER = `CASE WHEN b.segments + 1 >= ${COMPACT_AT} THEN 1 ELSE b.segments + 1 END`;

/**
 * The parts of the write statement (CTEs) that store the new segments, `select` giving their rows
 * (SEGMENT_SPECS). Every part of a statement sees the tables as they were before it, so the board rows read here
 * hold the counts before the batch, whatever the order PostgreSQL runs the parts in.
 */
export function segmentParts(select: string): string[] {
  return [
    // A new assignment's segment starts its pack, and so does a compaction's (which deletes the older ones).
    `seg_new AS (SELECT s.*, coalesce(b.segments + 1 >= ${COMPACT_AT}, false) AS compacts, b.segments IS NULL AS first
       FROM (${select}) AS s(milestone_id, assignment, position, pack)
       LEFT JOIN rm_milestones b ON b.milestone_id = s.milestone_id AND b.assignment = s.assignment)`,
    `seg_old AS (DELETE FROM rm_version_segments v USING seg_new n
       WHERE n.compacts AND v.milestone_id = n.milestone_id AND v.assignment = n.assignment
       RETURNING v.milestone_id, v.assignment, v.position, v.pack)`,
    `seg_merged AS (SELECT milestone_id, assignment, string_agg(pack, ''::bytea ORDER BY position) AS pack
       FROM seg_old GROUP BY milestone_id, assignment)`,
    `seg_ins AS (INSERT INTO rm_version_segments (milestone_id, assignment, position, starts, pack)
       SELECT n.milestone_id, n.assignment, n.position, n.compacts OR n.first, coalesce(m.pack, ''::bytea) || n.pack
         FROM seg_new n LEFT JOIN seg_merged m ON m.milestone_id = n.milestone_id AND m.assignment = n.assignment)`,
  ];
}
