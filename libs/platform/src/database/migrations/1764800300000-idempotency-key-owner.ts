import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The owner of an Idempotency-Key claim: the id of the process that runs the request (it holds the session
 * advisory lock (72620130, owner) while it lives). A claim whose owner holds no such lock is taken over at once.
 * Claims made before this column existed have none and count as orphaned.
 */
export class IdempotencyKeyOwner1764800300000 implements MigrationInterface {
  name = 'IdempotencyKeyOwner1764800300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE idempotency_keys ADD COLUMN owner integer');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE idempotency_keys DROP COLUMN owner');
  }
}
