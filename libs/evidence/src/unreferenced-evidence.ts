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

/** Files marked per statement while the events are read. */
const MARK_BATCH = 1000;

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
    const due = await this.due();
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
   * The rule, in one place: never marked, and uploaded before the retention; oldest first. A file is marked by a
   * command before its append (`EvidenceFiles.attach`), and by `markRecorded` for the events recorded without
   * one (before the marks existed, by an older version of the service, or copied late into the KurrentDB ledger).
   */
  private async due(): Promise<DueRow[]> {
    const query = () =>
      this.db.query<DueRow[]>(
        `SELECT sha256, size, uploaded_at FROM evidence_files
         WHERE referenced_at IS NULL AND uploaded_at < now() - make_interval(days => $1::int)
         ORDER BY uploaded_at, sha256`,
        [this.retentionDays],
      );
    if ((await query()).length === 0) return []; // nothing due: the events need no reading
    await this.markRecorded();
    return query();
  }

  /**
   * Marks the files named by the events recorded since the last reading (`evidence_reference_scan`, read through
   * the event store: with KurrentDB its ledger caught up first), then moves that position on: the log is read once
   * in all, not at every run. A file uploaded only after an event named its fingerprint (EVIDENCE_REQUIRE_UPLOAD
   * off) is not marked by that event.
   */
  private async markRecorded(): Promise<void> {
    const [scan] = await this.db.query<{ position: string }[]>(
      'SELECT position FROM evidence_reference_scan',
    );
    const from = Number(scan?.position ?? 0);
    const named = new Set<string>();
    const mark = async (): Promise<void> => {
      if (named.size === 0) return;
      await this.db.query(
        'UPDATE evidence_files SET referenced_at = now() WHERE referenced_at IS NULL AND sha256 = ANY($1)',
        [[...named]],
      );
      named.clear();
    };
    const last = await forEachRecordedReference(
      this.events,
      async (ref) => {
        named.add(ref.sha256);
        if (named.size >= MARK_BATCH) await mark();
      },
      from,
    );
    await mark();
    if (last > from)
      await this.db.query('UPDATE evidence_reference_scan SET position = greatest(position, $1)', [last]);
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
