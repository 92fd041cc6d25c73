import type { MigrationInterface, QueryRunner } from 'typeorm';

const BOARD_TABLES = ['rm_milestones', 'rm_version_segments', 'rm_milestone_timeline', 'rm_health_history'];
const FACT_TABLES = ['rm_milestones', 'rm_milestone_timeline'];

/**
 * Read models (projection `milestone-board`): `cancelled_with_milestone`, an assignment cancelled with the whole
 * milestone (a cancellation naming no assignment) rather than excused alone; the packed versions carry it in byte
 * 13 (`version-pack.ts`). A milestone cancelled as a whole is then cancelled even with accepted shares (before,
 * it was derived as accepted). Rows projected before hold false, which would keep the old reading, so the board's
 * tables are emptied and the projection's checkpoint goes back to 0 (a move, as a reset counts it): the worker
 * replays every event when it next runs (`projections rebuild milestone-board` does it stream by stream, faster).
 */
export class ReadModelsWholeCancellation1764889500000 implements MigrationInterface {
  name = 'ReadModelsWholeCancellation1764889500000';

  async up(q: QueryRunner): Promise<void> {
    for (const t of BOARD_TABLES) await q.query(`DELETE FROM ${t}`);
    await q.query('DELETE FROM rm_board_meta');
    for (const t of FACT_TABLES) {
      await q.query(`ALTER TABLE ${t} ADD COLUMN cancelled_with_milestone boolean NOT NULL DEFAULT false`);
    }
    await q.query(
      `UPDATE consumer_checkpoints SET position = 0, moves = moves + 1, updated_at = now(),
         failing_since = NULL, failures = NULL, last_error = NULL, last_error_code = NULL, failing_position = NULL,
         failing_event_id = NULL, failing_limit = NULL, failing_until = NULL
       WHERE name = 'milestone-board'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of FACT_TABLES) await q.query(`ALTER TABLE ${t} DROP COLUMN cancelled_with_milestone`);
  }
}
