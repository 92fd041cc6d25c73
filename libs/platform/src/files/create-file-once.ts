import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FileOnceModes {
  /** The file's mode (e.g. 0o600 for a secret). */
  readonly mode: number;
  /** Its directory's, when this call makes it (and its parents). */
  readonly dirMode: number;
}

export interface FileOnce {
  /** The file's content: this call's, or that of the process that created it first. */
  readonly content: string;
  /** Whether this call created it. */
  readonly created: boolean;
}

/**
 * `file`'s content, created from `generate()` when it does not exist: written whole to a temp file beside it, then
 * linked into place, which fails when another process linked its own first; that one's content then wins. So no
 * reader ever sees the file half-written, processes starting together all end with the same content, and the temp
 * file is removed whatever happens. For what is made once and kept (a generated key): never replaced here.
 */
export function createFileOnce(file: string, generate: () => string, modes: FileOnceModes): FileOnce {
  let created = false;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: modes.dirMode });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      fs.writeFileSync(tmp, generate(), { mode: modes.mode, flag: 'wx' });
      created = linked(tmp, file);
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  return { content: fs.readFileSync(file, 'utf8'), created };
}

/** Links `tmp` to `file`; false when `file` exists (another process linked its own first). */
function linked(tmp: string, file: string): boolean {
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}
