import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Idempotency-Key's stored answer is the JSON text as written (`text`), not `jsonb`: jsonb keeps an object's keys
 * in its own order (by length, then bytes), so a replay read back from it
 * was not the first answer byte for byte. Text is kept as it comes, and costs PostgreSQL no parsing on the keyed
 * command's path. Answers stored before are kept as jsonb wrote them (valid JSON, its key order): they replay as
 * they did. (The table is rewritten once; it holds the answers of IDEMPOTENCY_RETENTION_HOURS.) Older API processes
 * read the text as a string and replay it wrongly: none may run beside this version (README, Migrations). `down()`
 * fails on an answer jsonb cannot hold (an escaped NUL), which text takes: none is known to be stored.
 */
export class IdempotencyResponseText1764890000000 implements MigrationInterface {
  name = 'IdempotencyResponseText1764890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE idempotency_keys ALTER COLUMN response TYPE text USING response::text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE idempotency_keys ALTER COLUMN response TYPE jsonb USING response::jsonb');
  }
}
