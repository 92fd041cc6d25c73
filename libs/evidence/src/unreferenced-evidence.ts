import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore } from '@app/event-store';
import { APP_CONFIG, type AppConfig, queryReturning } from '@app/platform';
import { EVIDENCE_STORE, type EvidenceStore } from './evidence-store';
import { lockEvidenceFile } from './evidence-rows';
import { lastReading, namedAfter, recordNamedFiles } from './recorded-names';

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
  /**
   * Files whose removal failed, and the first failure's text: left as they were (row and bytes), or, when only the
   * bytes could not go, with no row (gone for commands and downloads) and a removal note: the next run retries them.
   */
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
 * removed (the row, committed, then the bytes) once uploaded more than EVIDENCE_UNREFERENCED_DAYS ago. A file a
 * command marked (`EvidenceFiles.attach`, before its append) or a recorded event names (`evidence_named`, even one
 * uploaded after the event named it) is never removed.
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

  /** What `remove` would remove now; reads only (the events recorded since the last reading too), writes nothing. */
  async summary(): Promise<UnreferencedSummary> {
    // The reading's position first: the events up to it are in `evidence_named` by the time `query` reads it.
    const from = await lastReading(this.db);
    const candidates = await this.query();
    const named =
      candidates.length === 0
        ? new Set<string>()
        : await namedAfter(this.events, from, new Set(candidates.map((r) => r.sha256)));
    const due = candidates.filter((r) => !named.has(r.sha256));
    return {
      count: due.length,
      bytes: due.reduce((sum, r) => sum + Number(r.size), 0),
      oldest: due[0]?.uploaded_at ?? null,
    };
  }

  /**
   * Removes at most `limit` of them, oldest first; a file that cannot be removed is counted and passed over. First
   * finishes the removals a crash or a failure interrupted (their bytes, once their row is gone).
   */
  async remove(limit: number): Promise<UnreferencedRemoval> {
    const done = { removed: 0, bytes: 0, failed: 0, firstError: null as string | null };
    const fail = (sha256: string, e: unknown): null => {
      done.failed++;
      done.firstError ??= `${sha256}: ${e instanceof Error ? e.message : String(e)}`;
      return null;
    };
    for (const sha256 of await this.store.pendingRemovals())
      await this.removeBytes(sha256).catch((e: unknown) => fail(sha256, e));
    const due = await this.due();
    for (const { sha256 } of due.slice(0, limit)) {
      const size = await this.removeOne(sha256).catch((e: unknown) => fail(sha256, e));
      if (size === null) continue;
      done.removed++;
      done.bytes += size;
    }
    return { ...done, more: due.length > limit };
  }

  /** The files due now, oldest first; the log's new events are read first (only when some file is a candidate). */
  private async due(): Promise<DueRow[]> {
    if ((await this.query('LIMIT 1')).length === 0) return []; // nothing due: the events need no reading
    await recordNamedFiles(this.db, this.events);
    return this.query();
  }

  /** Removes the file if still due: its row (committed), then its bytes. The size removed, or null. */
  private async removeOne(sha256: string): Promise<number | null> {
    const size = await this.deleteRow(sha256);
    if (size !== null) await this.removeBytes(sha256);
    return size;
  }

  /** The files due by the rows, oldest first (the log's events not yet read aside). */
  private query(limit = ''): Promise<DueRow[]> {
    return this.db.query<DueRow[]>(
      `SELECT sha256, size, uploaded_at FROM evidence_files f WHERE ${DUE} ORDER BY uploaded_at, sha256 ${limit}`,
      [this.retentionDays],
    );
  }

  /**
   * Deletes the row if it is still due (an event written since `due` went through a mark) and notes the removal in
   * the store before that commits, in one transaction holding the file's lock (an upload of the same bytes waits)
   * and its row (a command marking it waits, then finds no row: 400 EVIDENCE_FILE_MISSING). A command that marked it
   * first wins: the row no longer matches and nothing is noted or removed. The size of the row deleted, or null.
   */
  private async deleteRow(sha256: string): Promise<number | null> {
    return this.db.transaction(async (m) => {
      await lockEvidenceFile(m, sha256);
      const [row] = await queryReturning<{ size: string }>(
        m,
        `DELETE FROM evidence_files f WHERE sha256 = $2 AND ${DUE} RETURNING size`,
        [this.retentionDays, sha256],
      );
      if (row === undefined) return null;
      await this.store.noteRemoval(sha256); // a failure rolls the deletion back
      return Number(row.size);
    });
  }

  /**
   * A noted removal's second step, under the file's lock: no row (its deletion committed), the bytes go, then the
   * note; a row (the deletion rolled back, or the same bytes uploaded since and kept as they were), the note only.
   * Never a row without its bytes: a crash before this step leaves bytes with no row and the note, for the next run.
   */
  private async removeBytes(sha256: string): Promise<void> {
    await this.db.transaction(async (m) => {
      await lockEvidenceFile(m, sha256);
      const rows = await m.query<unknown[]>('SELECT 1 FROM evidence_files WHERE sha256 = $1', [sha256]);
      await (rows.length === 0 ? this.store.remove(sha256) : this.store.dropRemovalNote(sha256));
    });
  }
}
