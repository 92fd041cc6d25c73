import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What pinning a failing event down has learned survives a takeover: a consumer's checkpoint row keeps, while it is
 * failing on an event not yet named, the batch limit its next batch is halved to (`failing_limit`) and the last
 * position of the batch that failed last (`failing_until`: the failing event is at or before it). A loop that takes
 * the consumer over (another process, after a crash or a deploy) goes on from there instead of from its full batch.
 * Null when the consumer is not failing, or its error is not tied to an event.
 */
export class ConsumerFailingRange1764888000000 implements MigrationInterface {
  name = 'ConsumerFailingRange1764888000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE consumer_checkpoints ADD COLUMN failing_limit integer, ADD COLUMN failing_until bigint',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE consumer_checkpoints DROP COLUMN failing_limit, DROP COLUMN failing_until');
  }
}
