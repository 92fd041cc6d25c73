import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploaded evidence files (佐证材料): one row per content (its SHA-256), written only after the bytes are in the
 * evidence store, with the name, size and content type of its first upload.
 */
export class EvidenceFiles1764801200000 implements MigrationInterface {
  name = 'EvidenceFiles1764801200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evidence_files (
        sha256 char(64) PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        name text NOT NULL,
        size bigint NOT NULL CHECK (size > 0),
        content_type text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        uploaded_by text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE evidence_files');
  }
}
