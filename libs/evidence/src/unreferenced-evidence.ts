import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore } from '@app/event-store';
import { APP_CONFIG, type AppConfig, queryReturning } from '@app/platform';
import { EVIDENCE_STORE, type EvidenceStore } from './evidence-store';
import { lockEvidenceFile } from './evidence-rows';

/** What would be removed now. */
export interface UnreferencedSummary {
  readonly count: number;
  readonly bytes: number;
  /** When the oldest of them was uploaded (null: none). */
  readonly oldest: Date | null;
}

export interface UnreferencedRemoval {
  readonly removed: number;
  readonly bytes: number;
  /** More were due than this run's limit: the next run goes on. */
  readonly more: boolean;
}

/** The hashes any recorded event (the log, or KurrentDB's ledger) refers to, marked or not. */
const RECORDED = `recorded AS (
  SELECT DISTINCT ref->>'sha256' AS sha256
  FROM events,
    jsonb_array_elements(
      CASE WHEN jsonb_typeof(data->'evidence') = 'array' THEN data->'evidence' ELSE '[]'::jsonb END
    ) AS ref
  WHERE jsonb_typeof(ref) = 'object')`;

/** The rule, in one place: never referenced by a command, uploaded before the retention ($1 days), in no event. */
const DUE = `due AS (
  SELECT f.sha256, f.size, f.uploaded_at FROM evidence_files f
  WHERE f.referenced_at IS NULL AND f.uploaded_at < now() - make_interval(days => $1::int)
    AND NOT EXISTS (SELECT 1 FROM recorded r WHERE r.sha256 = f.sha256))`;

/**
 * Evidence files uploaded but never referenced (a form abandoned, a file replaced before sending): listed, and
 * removed (row, then bytes) once uploaded more than EVIDENCE_UNREFERENCED_DAYS ago. A file a command marked
 * (`EvidenceFiles.attach`) or an event refers to is never removed.
 */
@Injectable()
export class UnreferencedEvidence {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventStore,
    @Inject(EVIDENCE_STORE) private readonly store: EvidenceStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get retentionDays(): number {
    return this.config.evidenceUnreferencedDays;
  }

  async summary(): Promise<UnreferencedSummary> {
    await this.events.headPosition(); // KurrentDB: the ledger caught up with $all first
    const [row] = await this.db.query<{ count: number; bytes: string; oldest: Date | null }[]>(
      `WITH ${RECORDED}, ${DUE} SELECT count(*)::int AS count, coalesce(sum(size), 0)::text AS bytes,
         min(uploaded_at) AS oldest FROM due`,
      [this.retentionDays],
    );
    return { count: row!.count, bytes: Number(row!.bytes), oldest: row!.oldest };
  }

  /** Removes at most `limit` of them, oldest first. */
  async remove(limit: number): Promise<UnreferencedRemoval> {
    await this.events.headPosition();
    const due = await this.db.query<{ sha256: string }[]>(
      `WITH ${RECORDED}, ${DUE} SELECT sha256 FROM due ORDER BY uploaded_at, sha256 LIMIT $2`,
      [this.retentionDays, limit + 1],
    );
    let removed = 0;
    let bytes = 0;
    for (const { sha256 } of due.slice(0, limit)) {
      const size = await this.removeOne(sha256);
      if (size === null) continue;
      removed++;
      bytes += size;
    }
    return { removed, bytes, more: due.length > limit };
  }

  /**
   * Deletes the row if it is still due, then the bytes, in one transaction holding the file's lock (an upload of
   * the same bytes waits) and its row (a command marking it waits, then finds no row: 400 EVIDENCE_FILE_MISSING).
   * A command that marked it first wins: the row no longer matches and nothing is removed. The size removed, or
   * null.
   */
  private async removeOne(sha256: string): Promise<number | null> {
    return this.db.transaction(async (m) => {
      await lockEvidenceFile(m, sha256);
      const [row] = await queryReturning<{ size: string }>(
        m,
        `DELETE FROM evidence_files
         WHERE sha256 = $1 AND referenced_at IS NULL AND uploaded_at < now() - make_interval(days => $2::int)
         RETURNING size`,
        [sha256, this.retentionDays],
      );
      if (row === undefined) return null;
      await this.store.remove(sha256); // a failure rolls the row back: both stay
      return Number(row.size);
    });
  }
}
