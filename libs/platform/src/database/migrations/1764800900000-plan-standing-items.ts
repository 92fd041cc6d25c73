import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Standing items (常态化事项) of the plan catalogue: the plan's undated lines, tracked by their own streams. */
export class PlanStandingItems1764800900000 implements MigrationInterface {
  name = 'PlanStandingItems1764800900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plan_standing_items (
        id text PRIMARY KEY,
        plan_key text NOT NULL REFERENCES plan_plans(plan_key),
        task_no integer NOT NULL,
        kind text NOT NULL,
        text text NOT NULL,
        withdrawn boolean NOT NULL DEFAULT false,
        stream_version integer NOT NULL,
        data jsonb NOT NULL
      )`);
    await q.query('CREATE INDEX plan_standing_items_task_idx ON plan_standing_items (plan_key, task_no)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE plan_standing_items');
  }
}
