import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A checkpoint set by hand is told apart from one that merely stands where it stood: `consumer_checkpoints.moves`
 * counts the skips, resets and rebuilds that set it (`moveCheckpoint`). A consumer's loop records a failed batch only
 * while the checkpoint is where the batch (or, when it failed before its lock, the loop) last saw it, with as many
 * moves: a reset from 0 to 0 while the batch failed no longer gets the failure written back.
 */
export class ConsumerCheckpointMoves1764889400000 implements MigrationInterface {
  name = 'ConsumerCheckpointMoves1764889400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE consumer_checkpoints ADD COLUMN moves integer NOT NULL DEFAULT 0');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE consumer_checkpoints DROP COLUMN moves');
  }
}
