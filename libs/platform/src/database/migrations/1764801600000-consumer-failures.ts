import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A consumer stuck on an event is seen and can be stepped over. `consumer_checkpoints` gains the failure of the
 * consumer's batches since its last success (null when it is not failing): since when, how often, the last error (one
 * line) and its SQLSTATE (`last_error_code`: an error not tied to an event names none), and, once a batch of one
 * event failed, that event (`failing_position`, `failing_event_id`).
 * `consumer_skips` keeps, as history, every event an operator stepped a consumer over (`projections skip`; `forced`:
 * with `--force`, no failure naming it): the consumer's read model lacks it until a fix and `projections rebuild`
 * (which replays it).
 */
export class ConsumerFailures1764801600000 implements MigrationInterface {
  name = 'ConsumerFailures1764801600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE consumer_checkpoints
        ADD COLUMN failing_since timestamptz,
        ADD COLUMN failures integer,
        ADD COLUMN last_error text,
        ADD COLUMN last_error_code text,
        ADD COLUMN failing_position bigint,
        ADD COLUMN failing_event_id uuid`);
    await q.query(`
      CREATE TABLE consumer_skips (
        id bigserial PRIMARY KEY,
        consumer text NOT NULL,
        position bigint NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        stream_id text NOT NULL,
        reason text NOT NULL,
        error text,
        forced boolean NOT NULL DEFAULT false,
        skipped_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX consumer_skips_consumer_idx ON consumer_skips (consumer, position)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE consumer_skips');
    await q.query(`
      ALTER TABLE consumer_checkpoints
        DROP COLUMN failing_since,
        DROP COLUMN failures,
        DROP COLUMN last_error,
        DROP COLUMN last_error_code,
        DROP COLUMN failing_position,
        DROP COLUMN failing_event_id`);
  }
}
