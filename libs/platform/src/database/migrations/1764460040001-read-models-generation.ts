import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models: `rm_board_meta.rebuilt_at`, set when the row is created — by the first batch after a reset, i.e.
 * by a rebuild. Query processes key what they keep in memory (today's board, remembered answers) by it as
 * well as by the position, because a rebuild may rewrite rows at positions they have already read.
 */
export class ReadModelsGeneration1764460040001 implements MigrationInterface {
  name = 'ReadModelsGeneration1764460040001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE rm_board_meta ADD COLUMN rebuilt_at timestamptz NOT NULL DEFAULT clock_timestamp()',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE rm_board_meta DROP COLUMN rebuilt_at');
  }
}
