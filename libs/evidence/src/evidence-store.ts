import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';

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
  /** Removes the stored file (nothing to do when there is none). */
  remove(sha256: string): Promise<void>;
  /**
   * Removes the staging files last written more than `olderThanMs` ago (uploads a crash or a kill cut short: a
   * refused or finished upload removes or moves its own); returns how many it removed.
   */
  sweepStaging(olderThanMs: number, now?: number): Promise<number>;
}

export const EVIDENCE_STORE = Symbol('EVIDENCE_STORE');

/** `DATA_DIR/evidence/ab/cdef…` (the first two hex digits name the directory); uploads in progress in `.incoming`. */
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

  async remove(sha256: string): Promise<void> {
    await fs.promises.rm(this.pathOf(sha256), { force: true });
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
