import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiTokens1764460001000 implements MigrationInterface {
  name = 'ApiTokens1764460001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'reporter', 'viewer')),
        unit_id text,
        token_hash char(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        created_by text,
        revoked_at timestamptz,
        last_used_at timestamptz,
        CHECK ((role = 'reporter') = (unit_id IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE api_tokens');
  }
}
