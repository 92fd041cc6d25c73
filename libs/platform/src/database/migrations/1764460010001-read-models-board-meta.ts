import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models (projection `milestone-board`), continued:
 * - `rm_board_meta`: the latest effective date and recording instant on the board. A query at a date and
 *   with a knowledge at or after both reads the board alone (no timeline probe); filled from the board rows
 *   a database may already have.
 * - an index on `rm_milestones.position`: the rows written since a position, which an API process re-reads
 *   to keep its in-memory board (today's state) current.
 */
export class ReadModelsBoardMeta1764460010001 implements MigrationInterface {
  name = 'ReadModelsBoardMeta1764460010001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rm_board_meta (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        max_effective_on date NOT NULL,
        max_known_through timestamptz NOT NULL
      )`);
    await q.query(`
      INSERT INTO rm_board_meta (id, max_effective_on, max_known_through)
      SELECT true, max(last_effective_on), max(known_through) FROM rm_milestones HAVING count(*) > 0`);
    await q.query('CREATE INDEX rm_milestones_position_idx ON rm_milestones (position)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX rm_milestones_position_idx');
    await q.query('DROP TABLE rm_board_meta');
  }
}
