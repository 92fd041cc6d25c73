import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The board's packed versions become append-only: instead of `rm_milestones.versions` (rewritten whole by every
 * batch that touched the assignment, `versions || new`), `rm_version_segments` keeps per assignment segments of
 * packed records, read in `position` order; a batch inserts one (its records, at the position of the last one).
 * `starts`: the segment begins the pack (an assignment's first, or a compaction of all its segments so far): a
 * reader replaces what it holds instead of appending. `rm_milestones.segments` counts an assignment's segments
 * (the projection compacts them at a threshold). Each existing pack becomes the first segment of its assignment.
 */
export class ReadModelsVersionSegments1764801510000 implements MigrationInterface {
  name = 'ReadModelsVersionSegments1764801510000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rm_version_segments (
        milestone_id text NOT NULL,
        assignment text NOT NULL,
        position bigint NOT NULL,
        starts boolean NOT NULL,
        pack bytea NOT NULL,
        PRIMARY KEY (milestone_id, assignment, position)
      )`);
    // Packed binary: compression gains little.
    await q.query('ALTER TABLE rm_version_segments ALTER COLUMN pack SET STORAGE EXTERNAL');
    await q.query('CREATE INDEX rm_version_segments_position_idx ON rm_version_segments (position)');
    await q.query(`
      INSERT INTO rm_version_segments (milestone_id, assignment, position, starts, pack)
      SELECT milestone_id, assignment, position, true, versions FROM rm_milestones`);
    await q.query(
      'ALTER TABLE rm_milestones DROP COLUMN versions, ADD COLUMN segments integer NOT NULL DEFAULT 1',
    );
  }

  /** Each assignment's segments concatenated in order back into its board row. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE rm_milestones DROP COLUMN segments, ADD COLUMN versions bytea NOT NULL DEFAULT ''::bytea`,
    );
    await q.query('ALTER TABLE rm_milestones ALTER COLUMN versions SET STORAGE EXTERNAL');
    await q.query(`
      UPDATE rm_milestones b SET versions = s.pack
        FROM (SELECT milestone_id, assignment, string_agg(pack, ''::bytea ORDER BY position) AS pack
                FROM rm_version_segments GROUP BY milestone_id, assignment) s
       WHERE b.milestone_id = s.milestone_id AND b.assignment = s.assignment`);
    await q.query('ALTER TABLE rm_milestones ALTER COLUMN versions DROP DEFAULT');
    await q.query('DROP TABLE rm_version_segments');
  }
}
