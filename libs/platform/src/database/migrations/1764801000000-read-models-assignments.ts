import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ReadModels1764460010000 } from './1764460010000-read-models';

const FACTS = `
  period_from integer NOT NULL,
  period_to integer NOT NULL,
  lifecycle text NOT NULL,
  percent real,
  forecast_date date,
  last_report_on date,
  baseline_due_date date NOT NULL,
  due_date date NOT NULL,
  submitted_on date,
  accepted_on date,
  last_return_reason text,
  backdated_events integer NOT NULL,
  red_flag_in date,
  percent_before_submission real,
  last_progress_ms bigint,
  forecast_ms bigint,
  last_report_ms bigint,
  lifecycle_before_withdrawal text,
  in_plan boolean NOT NULL,
  plan_lead_units text[] NOT NULL,
  lead_mode text NOT NULL`;

/**
 * Read models (projection `milestone-board`) per assignment (承办事项): a milestone of a 分别牵头 task has one
 * assignment per lead unit, each with its own facts, versions and health; any other milestone has one, keyed by its
 * lead unit's id (`joint` for 共同牵头, `unassigned` without a lead unit).
 * - `rm_milestones`: one row per assignment (key `milestone_id, assignment`): the milestone's plan data (the same on
 *   each of its rows), the assignment's lead units and place in plan order, its latest version with its health
 *   steps, and `versions`: every version of the assignment packed (`version-pack.ts` in libs/read-models), appended
 *   by each batch, which the query processes keep in memory to count and list at any date and knowledge.
 * - `rm_milestone_timeline`: one row per version of an assignment (key `milestone_id, assignment, effective_on,
 *   position`); the health steps of a version are no longer stored there (the rules give them from its facts).
 * - `rm_health_history`: health changes per assignment (key `milestone_id, assignment, effective_on`).
 * - `rm_board_meta`: the latest effective date and recording instant are gone (every query reads the versions).
 * The rows a database holds cannot be split (a 分别牵头 milestone's row is the shared state of all its lead units),
 * so the tables are created empty and the projection's checkpoint goes back to 0: the worker replays every event
 * when it next runs (`projections rebuild milestone-board` does it stream by stream, faster).
 */
export class ReadModelsAssignments1764801000000 implements MigrationInterface {
  name = 'ReadModelsAssignments1764801000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rm_health_history, rm_milestone_timeline, rm_milestones');
    await q.query('DELETE FROM rm_board_meta');
    await q.query('ALTER TABLE rm_board_meta DROP COLUMN max_effective_on, DROP COLUMN max_known_through');
    await q.query(
      `UPDATE consumer_checkpoints SET position = 0, updated_at = now() WHERE name = 'milestone-board'`,
    );
    await q.query(`
      CREATE TABLE rm_milestones (
        milestone_id text NOT NULL,
        assignment text NOT NULL,
        assignment_no integer NOT NULL,
        assignment_lead_units text[] NOT NULL,
        plan_key text NOT NULL,
        task_no integer NOT NULL,
        section integer NOT NULL,
        task_title text NOT NULL,
        text text NOT NULL,
        zones text[] NOT NULL,
        districts text[] NOT NULL,
        city_wide boolean NOT NULL,
        lead_units text[] NOT NULL,
        cooperating_units text[] NOT NULL,
        ${FACTS},
        health_on date[] NOT NULL,
        health_colour text[] NOT NULL,
        health_codes text[] NOT NULL,
        before_colour text,
        before_codes text,
        last_effective_on date NOT NULL,
        last_event_type text NOT NULL,
        known_through timestamptz NOT NULL,
        position bigint NOT NULL,
        stream_version integer NOT NULL,
        versions bytea NOT NULL,
        PRIMARY KEY (milestone_id, assignment)
      ) WITH (fillfactor = 80)`);
    // Packed binary: compression gains little, and appends would decompress and compress again.
    await q.query('ALTER TABLE rm_milestones ALTER COLUMN versions SET STORAGE EXTERNAL');
    await q.query('CREATE INDEX rm_milestones_position_idx ON rm_milestones (position)');
    await q.query(`
      CREATE TABLE rm_milestone_timeline (
        milestone_id text NOT NULL,
        assignment text NOT NULL,
        effective_on date NOT NULL,
        position bigint NOT NULL,
        known_from timestamptz NOT NULL,
        event_type text NOT NULL,
        backdated boolean NOT NULL,
        ${FACTS},
        PRIMARY KEY (milestone_id, assignment, effective_on, position)
      )`);
    await q.query(`
      CREATE TABLE rm_health_history (
        milestone_id text NOT NULL,
        assignment text NOT NULL,
        effective_on date NOT NULL,
        colour text NOT NULL,
        previous_colour text,
        reason_codes text NOT NULL,
        version_on date NOT NULL,
        position bigint NOT NULL,
        PRIMARY KEY (milestone_id, assignment, effective_on)
      )`);
  }

  /** Back to the tables of one row per milestone, empty, and a replay from the start. */
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rm_health_history, rm_milestone_timeline, rm_milestones');
    await q.query('DELETE FROM rm_board_meta');
    await q.query(
      `ALTER TABLE rm_board_meta ADD COLUMN max_effective_on date NOT NULL, ADD COLUMN max_known_through timestamptz NOT NULL`,
    );
    await q.query(
      `UPDATE consumer_checkpoints SET position = 0, updated_at = now() WHERE name = 'milestone-board'`,
    );
    await new ReadModels1764460010000().up(q);
    await q.query('CREATE INDEX rm_milestones_position_idx ON rm_milestones (position)');
    for (const t of ['rm_milestones', 'rm_milestone_timeline']) {
      await q.query(`ALTER TABLE ${t} ADD COLUMN lifecycle_before_withdrawal text`);
    }
  }
}
