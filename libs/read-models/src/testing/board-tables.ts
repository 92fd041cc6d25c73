import type { DataSource } from 'typeorm';
import { MILESTONE_BOARD_TABLES } from '../milestone-board/milestone-board.projection';

/** What readers see of a projection's table `t`, stored as `name`: a (parenthesised) query. */
function contentOf(t: (typeof MILESTONE_BOARD_TABLES)[number], name: string): string {
  switch (t) {
    case 'rm_milestones':
      return `(SELECT to_jsonb(x) - 'segments' FROM ${name} x)`;
    case 'rm_version_segments':
      return `(${PACKS_SQL.replace('rm_version_segments', name)})`;
    default:
      return `(TABLE ${name})`;
  }
}

/** Each assignment's pack: its segments concatenated in order. */
const PACKS_SQL = `SELECT milestone_id, assignment, string_agg(pack, ''::bytea ORDER BY position) AS pack
  FROM rm_version_segments GROUP BY milestone_id, assignment`;

/** Copies every table of the board's projection as `<prefix>_<table>` (what `expectBoardTablesAs` compares with). */
export async function copyBoardTables(ds: DataSource, prefix: string): Promise<void> {
  for (const t of MILESTONE_BOARD_TABLES) await ds.query(`CREATE TABLE ${prefix}_${t} AS TABLE ${t}`);
}

/**
 * Every table of the projection equals the copy `copyBoardTables` took (set difference 0, duplicates counted), as
 * readers see it: the packs (segments concatenated per assignment), not how they are cut into segments, nor their
 * count.
 */
export async function expectBoardTablesAs(ds: DataSource, prefix: string, when: string): Promise<void> {
  for (const t of MILESTONE_BOARD_TABLES) {
    const [copy, now] = [contentOf(t, `${prefix}_${t}`), contentOf(t, t)];
    const [counts] = await ds.query<{ copy: number; now: number; only_copy: number; only_now: number }[]>(
      `SELECT (SELECT count(*)::int FROM ${copy} d) AS copy, (SELECT count(*)::int FROM ${now} d) AS now,
              (SELECT count(*)::int FROM (${copy} EXCEPT ALL ${now}) d) AS only_copy,
              (SELECT count(*)::int FROM (${now} EXCEPT ALL ${copy}) d) AS only_now`,
    );
    expect({ when, table: t, ...counts }).toEqual({
      when,
      table: t,
      copy: counts!.now,
      now: counts!.now,
      only_copy: 0,
      only_now: 0,
    });
    expect(counts!.now).toBeGreaterThan(0);
  }
}
