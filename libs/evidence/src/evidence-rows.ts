import { queryReturning } from '@app/platform';

/** A DataSource or a transaction's EntityManager. */
type Queryable = Parameters<typeof queryReturning>[0];

/** An `evidence_files` row as SQL gives it. */
export interface EvidenceRow {
  sha256: string;
  name: string;
  size: string;
  content_type: string;
}

/**
 * The advisory lock class of one evidence file (with `hashtext(sha256)`): held by an upload while it moves the bytes
 * in and records them, and by the removal of an unreferenced file while it deletes the row (and notes the removal),
 * then again while it removes the bytes.
 */
export const EVIDENCE_FILE_LOCK_CLASS = 72620140;

export async function lockEvidenceFile(m: Queryable, sha256: string): Promise<void> {
  await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [EVIDENCE_FILE_LOCK_CLASS, sha256]);
}

/**
 * Marks the file referenced (kept for good) and gives its row, or null when there is none. The row lock of the
 * UPDATE orders it with a removal: a removal that locked the row first deletes it, and this finds nothing; once
 * marked, the removal's own check (`referenced_at IS NULL`) leaves it alone.
 */
export async function markReferenced(m: Queryable, sha256: string): Promise<EvidenceRow | null> {
  const [row] = await queryReturning<EvidenceRow>(
    m,
    `UPDATE evidence_files SET referenced_at = coalesce(referenced_at, now()) WHERE sha256 = $1
     RETURNING sha256, name, size, content_type`,
    [sha256],
  );
  return row ?? null;
}
