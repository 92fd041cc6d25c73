import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore } from '@app/event-store';
import { APP_CONFIG, type AppConfig, queryReturning } from '@app/platform';
import { EVIDENCE_STORE, type EvidenceStore } from './evidence-store';
import { forEachRecordedReference } from './evidence-references';
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

interface DueRow {
  sha256: string;
  size: string;
  uploaded_at: Date;
}

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
    const due = await this.due();
    return {
      count: due.length,
      bytes: due.reduce((sum, r) => sum + Number(r.size), 0),
      oldest: due[0]?.uploaded_at ?? null,
    };
  }

  /** Removes at most `limit` of them, oldest first. */
  async remove(limit: number): Promise<UnreferencedRemoval> {
    const due = await this.due(true);
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
   * The rule, in one place: never marked by a command, uploaded before the retention, and named by no recorded
   * event (read through the event store: with KurrentDB, its ledger caught up first). Oldest first. With `mark`,
   * the files an event names but no mark (events older than the marks, not yet backfilled) are marked now.
   */
  private async due(mark = false): Promise<DueRow[]> {
    const rows = await this.db.query<DueRow[]>(
      `SELECT sha256, size, uploaded_at FROM evidence_files
       WHERE referenced_at IS NULL AND uploaded_at < now() - make_interval(days => $1::int)
       ORDER BY uploaded_at, sha256`,
      [this.retentionDays],
    );
    if (rows.length === 0) return rows; // nothing due: the events need no reading
    const recorded = new Set<string>();
    await forEachRecordedReference(this.events, (ref) => recorded.add(ref.sha256));
    const named = rows.filter((r) => recorded.has(r.sha256)).map((r) => r.sha256);
    if (mark && named.length > 0) {
      await this.db.query(
        'UPDATE evidence_files SET referenced_at = coalesce(referenced_at, now()) WHERE sha256 = ANY($1)',
        [named],
      );
    }
    return rows.filter((r) => !recorded.has(r.sha256));
  }

  /**
   * Deletes the row if it is still due (an event written since `due` went through a mark), then the bytes, in one transaction holding the file's lock (an upload of
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
