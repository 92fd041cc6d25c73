import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `evidence_files.referenced_at`: when a command first referred to the file (set before its append, never
 * cleared). Files never referenced and uploaded long ago (`uploaded_at`, now refreshed by an upload of the same
 * bytes) are removed by the evidence upkeep. The files the events recorded so far refer to are marked here, from
 * the `events` table: the log itself with the PostgreSQL store, the ledger (as far as it has copied `$all`) with
 * KurrentDB; before it removes anything, the upkeep reads the events through the event store (the ledger
 * caught up with `$all`) from where it last stopped (`evidence_reference_scan`) and marks any file they name.
 */
export class EvidenceReferenced1764889000000 implements MigrationInterface {
  name = 'EvidenceReferenced1764889000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE evidence_files ADD COLUMN referenced_at timestamptz');
    await q.query(`
      UPDATE evidence_files SET referenced_at = now()
      WHERE sha256 IN (
        SELECT ref->>'sha256'
        FROM events,
          jsonb_array_elements(
            CASE WHEN jsonb_typeof(data->'evidence') = 'array' THEN data->'evidence' ELSE '[]'::jsonb END
          ) AS ref
        WHERE jsonb_typeof(ref) = 'object'
      )`);
    await q.query(
      'CREATE INDEX evidence_files_unreferenced ON evidence_files (uploaded_at) WHERE referenced_at IS NULL',
    );
    // How far the upkeep has read the log for references (its marks are made up to there): the first reading
    // starts from the beginning, through the event store, whatever the backfill above saw.
    await q.query(`
      CREATE TABLE evidence_reference_scan (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        position bigint NOT NULL
      )`);
    await q.query('INSERT INTO evidence_reference_scan (position) VALUES (0)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE evidence_reference_scan');
    await q.query('DROP INDEX evidence_files_unreferenced');
    await q.query('ALTER TABLE evidence_files DROP COLUMN referenced_at');
  }
}
