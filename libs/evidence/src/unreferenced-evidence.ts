import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore } from '@app/event-store';
import { APP_CONFIG, type AppConfig, queryReturning } from '@app/platform';
import { EVIDENCE_STORE, type EvidenceStore } from './evidence-store';
import { lockEvidenceFile } from './evidence-rows';
import { recordNamedFiles } from './recorded-names';

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
  /** Files whose removal failed (left as they were, row and bytes), and the first failure's text. */
  readonly failed: number;
  readonly firstError: string | null;
  /** More were due than this run's limit: the next run goes on. */
  readonly more: boolean;
}

/** The rule, in one place: never marked by a command, named by no recorded event, uploaded before the retention. */
const DUE = `referenced_at IS NULL AND uploaded_at < now() - make_interval(days => $1::int)
  AND NOT EXISTS (SELECT 1 FROM evidence_named n WHERE n.sha256 = f.sha256)`;

interface DueRow {
  sha256: string;
  size: string;
  uploaded_at: Date;
}

/**
 * Evidence files uploaded but never referenced (a form abandoned, a file replaced before sending): listed, and
 * removed (row, then bytes) once uploaded more than EVIDENCE_UNREFERENCED_DAYS ago. A file a command marked
 * (`EvidenceFiles.attach`, before its append) or a recorded event names (`evidence_named`, even one uploaded after
 * the event named it) is never removed.
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

  /** Removes at most `limit` of them, oldest first; a file that cannot be removed is counted and passed over. */
  async remove(limit: number): Promise<UnreferencedRemoval> {
    const due = await this.due();
    let [removed, bytes, failed] = [0, 0, 0];
    let firstError: string | null = null;
    for (const { sha256 } of due.slice(0, limit)) {
      try {
        const size = await this.removeOne(sha256);
        if (size === null) continue;
        removed++;
        bytes += size;
      } catch (e) {
        failed++;
        firstError ??= `${sha256}: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    return { removed, bytes, failed, firstError, more: due.length > limit };
  }

  /** The files due now, oldest first; the log's new events are read first (only when some file is a candidate). */
  private async due(): Promise<DueRow[]> {
    const query = (limit = '') =>
      this.db.query<DueRow[]>(
        `SELECT sha256, size, uploaded_at FROM evidence_files f WHERE ${DUE}
         ORDER BY uploaded_at, sha256 ${limit}`,
        [this.retentionDays],
      );
    if ((await query('LIMIT 1')).length === 0) return []; // nothing due: the events need no reading
    await recordNamedFiles(this.db, this.events);
    return query();
  }

  /**
   * Deletes the row if it is still due (an event written since `due` went through a mark), then the bytes, in one
   * transaction holding the file's lock (an upload of the same bytes waits) and its row (a command marking it
   * waits, then finds no row: 400 EVIDENCE_FILE_MISSING). A command that marked it first wins: the row no longer
   * matches and nothing is removed. The size removed, or null.
   */
  private async removeOne(sha256: string): Promise<number | null> {
    return this.db.transaction(async (m) => {
      await lockEvidenceFile(m, sha256);
      const [row] = await queryReturning<{ size: string }>(
        m,
        `DELETE FROM evidence_files f WHERE sha256 = $2 AND ${DUE} RETURNING size`,
        [this.retentionDays, sha256],
      );
      if (row === undefined) return null;
      await this.store.remove(sha256); // a failure rolls the row back: both stay
      return Number(row.size);
    });
  }
}
