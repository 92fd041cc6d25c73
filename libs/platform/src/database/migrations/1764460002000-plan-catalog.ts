import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reference data read model (projection `plan-catalog`): plans, units, tasks, milestones as planned. */
export class PlanCatalog1764460002000 implements MigrationInterface {
  name = 'PlanCatalog1764460002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plan_plans (
        plan_key text PRIMARY KEY,
        title text NOT NULL,
        document_sha256 char(64) NOT NULL,
        source_name text,
        imported_at timestamptz NOT NULL,
        revised_at timestamptz,
        model jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE plan_units (
        id text PRIMARY KEY,
        plan_key text NOT NULL REFERENCES plan_plans(plan_key),
        name text NOT NULL,
        kind text NOT NULL,
        district text,
        aliases jsonb NOT NULL DEFAULT '[]'
      )`);
    await q.query(`
      CREATE TABLE plan_tasks (
        plan_key text NOT NULL REFERENCES plan_plans(plan_key),
        no integer NOT NULL,
        section integer NOT NULL,
        title text NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (plan_key, no)
      )`);
    await q.query(`
      CREATE TABLE plan_milestones (
        id text PRIMARY KEY,
        plan_key text NOT NULL REFERENCES plan_plans(plan_key),
        task_no integer NOT NULL,
        section integer NOT NULL,
        period_from integer NOT NULL,
        period_to integer NOT NULL,
        due_date date NOT NULL,
        text text NOT NULL,
        withdrawn boolean NOT NULL DEFAULT false,
        stream_version integer NOT NULL,
        data jsonb NOT NULL
      )`);
    await q.query('CREATE INDEX plan_milestones_task_idx ON plan_milestones (plan_key, task_no)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE plan_milestones');
    await q.query('DROP TABLE plan_tasks');
    await q.query('DROP TABLE plan_units');
    await q.query('DROP TABLE plan_plans');
  }
}
