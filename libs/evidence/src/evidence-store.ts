import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { SHA256_HEX } from './evidence-types';

async function syncAndClose(handle: fs.promises.FileHandle): Promise<void> {
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Where evidence files live, by their SHA-256 (content-addressed: the same bytes are one file). Only a local-disk
 * adapter exists; an S3-compatible one would implement the same methods.
 */
export interface EvidenceStore {
  /** A fresh path on local disk for an upload in progress (it enters the store only through `put`). */
  stagingFile(): Promise<string>;
  /** Moves a complete, flushed staging file into the store as `sha256` (kept as is if already there). */
  put(stagingFile: string, sha256: string): Promise<void>;
  has(sha256: string): Promise<boolean>;
  /** The stored bytes, or null when there is no such file. */
  open(sha256: string): Promise<Readable | null>;
  /**
   * Notes, durably, that the file is being removed: written before its row's deletion commits, so that bytes a crash
   * leaves behind after that commit are found again (`pendingRemovals`).
   */
  noteRemoval(sha256: string): Promise<void>;
  /** Removes the stored file, then its removal note (nothing to do for either when there is none). */
  remove(sha256: string): Promise<void>;
  /** Drops the removal note only: the file stays (its row was not deleted after all, or it was uploaded again). */
  dropRemovalNote(sha256: string): Promise<void>;
  /** The files with a removal note: removals a crash or a failure interrupted (or under way in another process). */
  pendingRemovals(): Promise<string[]>;
  /**
   * Removes the staging files last written more than `olderThanMs` ago (uploads a crash or a kill cut short: a
   * refused or finished upload removes or moves its own); returns how many it removed.
   */
  sweepStaging(olderThanMs: number, now?: number): Promise<number>;
}

export const EVIDENCE_STORE = Symbol('EVIDENCE_STORE');

/**
 * `DATA_DIR/evidence/ab/cdef…` (the first two hex digits name the directory); uploads in progress in `.incoming`,
 * removal notes (empty files named by the sha256) in `.removing`.
 */
export class LocalDiskEvidenceStore implements EvidenceStore {
  constructor(readonly root: string) {}

  static under(dataDir: string): LocalDiskEvidenceStore {
    return new LocalDiskEvidenceStore(path.join(dataDir, 'evidence'));
  }

  pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2));
  }

  private get staging(): string {
    return path.join(this.root, '.incoming');
  }

  private get removing(): string {
    return path.join(this.root, '.removing');
  }

  async stagingFile(): Promise<string> {
    await fs.promises.mkdir(this.staging, { recursive: true });
    return path.join(this.staging, randomUUID());
  }

  async sweepStaging(olderThanMs: number, now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.staging);
    } catch {
      return 0; // no upload yet
    }
    let removed = 0;
    for (const name of names) {
      const file = path.join(this.staging, name);
      // Gone meanwhile (its upload finished) or not a file: nothing to do.
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (stat === undefined || !stat.isFile() || now - stat.mtimeMs <= olderThanMs) continue;
      await fs.promises.rm(file, { force: true });
      removed++;
    }
    return removed;
  }

  async put(stagingFile: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) {
      await fs.promises.rm(stagingFile, { force: true });
      return;
    }
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // rename is atomic on one file system: the file appears whole or not at all.
    await fs.promises.rename(stagingFile, target);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await fs.promises.stat(this.pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }

  async noteRemoval(sha256: string): Promise<void> {
    await fs.promises.mkdir(this.removing, { recursive: true });
    await syncAndClose(await fs.promises.open(path.join(this.removing, sha256), 'w'));
    // The note's directory entry too (where the platform allows opening a directory).
    const dir = await fs.promises.open(this.removing, 'r').catch(() => undefined);
    if (dir !== undefined) await syncAndClose(dir).catch(() => undefined);
  }

  async remove(sha256: string): Promise<void> {
    await fs.promises.rm(this.pathOf(sha256), { force: true });
    await this.dropRemovalNote(sha256);
  }

  async dropRemovalNote(sha256: string): Promise<void> {
    await fs.promises.rm(path.join(this.removing, sha256), { force: true });
  }

  async pendingRemovals(): Promise<string[]> {
    const names = await fs.promises.readdir(this.removing).catch(() => []); // none yet
    return names.filter((n) => SHA256_HEX.test(n)).sort();
  }

  async open(sha256: string): Promise<Readable | null> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(this.pathOf(sha256), 'r');
    } catch {
      return null;
    }
    return handle.createReadStream();
  }
}
