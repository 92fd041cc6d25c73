import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the projection `milestone-board` (libs/read-models):
 * - `rm_milestone_timeline`: per milestone, one row per version — the facts as of an effective date (the
 *   day an event happened, plan time zone) over the stream up to a position, known from `known_from` — with
 *   the red flag it inherits and its health steps from that date on (`health_on` / `health_colour`, read with
 *   `width_bucket`). Time travel picks, per milestone, the latest `effective_on` ≤ asOf, then the latest
 *   position, among the rows with `known_from` ≤ knownAt (primary key order).
 * - `rm_milestones`: the board, one row per milestone: plan data plus the latest version (what every
 *   event known so far says).
 * - `rm_health_history`: health changes with their reason codes and effective date, up to the latest
 *   version's date (after it, the latest version's steps on the board row continue the history). Each names
 *   the version that produced it (`version_on`, `position`): the reasons' texts and figures are rendered from
 *   that version's facts by the rules when the history is read.
 */
export class ReadModels1764460010000 implements MigrationInterface {
  name = 'ReadModels1764460010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rm_milestones (
        milestone_id text PRIMARY KEY,
        plan_key text NOT NULL,
        task_no integer NOT NULL,
        section integer NOT NULL,
        task_title text NOT NULL,
        text text NOT NULL,
        zones text[] NOT NULL,
        districts text[] NOT NULL,
        lead_units text[] NOT NULL,
        cooperating_units text[] NOT NULL,
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
        health_on date[] NOT NULL,
        health_colour text[] NOT NULL,
        health_codes text[] NOT NULL,
        before_colour text,
        before_codes text,
        last_effective_on date NOT NULL,
        last_event_type text NOT NULL,
        known_through timestamptz NOT NULL,
        position bigint NOT NULL,
        stream_version integer NOT NULL
      ) WITH (fillfactor = 80)`);
    await q.query(`
      CREATE TABLE rm_milestone_timeline (
        milestone_id text NOT NULL,
        effective_on date NOT NULL,
        position bigint NOT NULL,
        known_from timestamptz NOT NULL,
        event_type text NOT NULL,
        backdated boolean NOT NULL,
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
        health_on date[] NOT NULL,
        health_colour text[] NOT NULL,
        PRIMARY KEY (milestone_id, effective_on, position)
      )`);
    await q.query(`
      CREATE TABLE rm_health_history (
        milestone_id text NOT NULL,
        effective_on date NOT NULL,
        colour text NOT NULL,
        previous_colour text,
        reason_codes text NOT NULL,
        version_on date NOT NULL,
        position bigint NOT NULL,
        PRIMARY KEY (milestone_id, effective_on)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rm_health_history');
    await q.query('DROP TABLE rm_milestone_timeline');
    await q.query('DROP TABLE rm_milestones');
  }
}
