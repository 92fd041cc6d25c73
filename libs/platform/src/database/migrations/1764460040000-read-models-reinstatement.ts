import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models (projection `milestone-board`): the lifecycle a withdrawal ended, kept with the facts, so that a
 * revised plan that contains a withdrawn milestone again reinstates it as the domain does. Rows projected
 * before this column existed hold NULL (reinstated as `planned`); `projections rebuild milestone-board`
 * fills it from the events.
 */
export class ReadModelsReinstatement1764460040000 implements MigrationInterface {
  name = 'ReadModelsReinstatement1764460040000';

  async up(q: QueryRunner): Promise<void> {
    for (const t of ['rm_milestones', 'rm_milestone_timeline']) {
      await q.query(`ALTER TABLE ${t} ADD COLUMN lifecycle_before_withdrawal text`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['rm_milestones', 'rm_milestone_timeline']) {
      await q.query(`ALTER TABLE ${t} DROP COLUMN lifecycle_before_withdrawal`);
    }
  }
}
