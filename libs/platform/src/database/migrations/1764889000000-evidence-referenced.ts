import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What keeps an evidence file from removal by the upkeep (files never referenced and uploaded long ago):
 * `evidence_files.referenced_at`, set by a command before its append and never cleared (`uploaded_at` is now
 * refreshed by an upload of the same bytes), and `evidence_named`, every hash a recorded event names, uploaded then
 * or not. The events recorded so far are read here, from the `events` table (the log itself with the PostgreSQL
 * store, the ledger as far as it has copied `$all` with KurrentDB); `evidence_reference_scan` says where the upkeep
 * goes on reading, through the event store: the log's end before this reading (what came after is read again).
 */
export class EvidenceReferenced1764889000000 implements MigrationInterface {
  name = 'EvidenceReferenced1764889000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evidence_reference_scan (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        position bigint NOT NULL
      )`);
    await q.query(
      'INSERT INTO evidence_reference_scan (position) SELECT coalesce(max(global_position), 0) FROM events',
    );
    await q.query('CREATE TABLE evidence_named (sha256 text PRIMARY KEY)');
    // Only the types that carry evidence (their index), each hash once.
    await q.query(`
      INSERT INTO evidence_named (sha256)
      SELECT DISTINCT ref->>'sha256'
        FROM events,
          jsonb_array_elements(
            CASE WHEN jsonb_typeof(data->'evidence') = 'array' THEN data->'evidence' ELSE '[]'::jsonb END
          ) AS ref
       WHERE events.type IN ('ProgressReported', 'CompletionSubmitted', 'StandingItemReported')
         AND jsonb_typeof(ref) = 'object' AND ref->>'sha256' IS NOT NULL`);
    await q.query('ALTER TABLE evidence_files ADD COLUMN referenced_at timestamptz');
    await q.query(
      'CREATE INDEX evidence_files_unreferenced ON evidence_files (uploaded_at) WHERE referenced_at IS NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX evidence_files_unreferenced');
    await q.query('ALTER TABLE evidence_files DROP COLUMN referenced_at');
    await q.query('DROP TABLE evidence_named');
    await q.query('DROP TABLE evidence_reference_scan');
  }
}
