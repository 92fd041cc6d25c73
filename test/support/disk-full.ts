import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/**
 * A small filesystem of the test's own (a tmpfs) that it can fill to the last byte and free again, to put a
 * PostgreSQL data directory on a full disk. Needs Linux and root (mount).
 */
export interface SmallDisk {
  /** The mount point (mode 0755, so PostgreSQL running as `postgres` can use a directory under it). */
  readonly dir: string;
  /** Fills every free byte with a file of zeros. */
  fill(): void;
  /** Deletes that file: the space is free again. */
  release(): void;
  freeBytes(): number;
  /** Unmounts (lazily, if something still holds it) and removes the mount point. */
  close(): void;
}

function mountTmpfs(dir: string, sizeMb: number): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0755`, 'tmpfs', dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/**
 * Why a full disk cannot be simulated on this machine (`undefined`: it can): a test calls this at load time
 * and skips with the reason on the test's line.
 */
export function smallDiskUnavailable(): string | undefined {
  if (process.platform !== 'linux')
    return `the disk-full simulation mounts a tmpfs: Linux only (${process.platform})`;
  if (process.getuid?.() !== 0) return 'the disk-full simulation mounts a tmpfs, which needs root';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-disk-probe-'));
  try {
    mountTmpfs(dir, 1);
    execFileSync('umount', [dir]);
    return undefined;
  } catch (e) {
    const said = (e as { stderr?: Buffer }).stderr?.toString().trim();
    return `mount -t tmpfs failed here (${said || String(e)}): no small filesystem to fill`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Mounts a tmpfs of `sizeMb` megabytes (call smallDiskUnavailable() first). */
export function mountSmallDisk(sizeMb: number): SmallDisk {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-small-disk-'));
  mountTmpfs(dir, sizeMb);
  const filler = path.join(dir, 'filler');
  const freeBytes = (): number => {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  };
  return {
    dir,
    freeBytes,
    fill: () => {
      const fd = fs.openSync(filler, 'a');
      try {
        // Big writes first, then page-sized ones for the last bytes.
        for (const size of [1 << 20, 4096, 512]) {
          const buf = Buffer.alloc(size);
          try {
            for (;;) fs.writeSync(fd, buf);
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
          }
        }
      } finally {
        fs.closeSync(fd);
      }
    },
    release: () => fs.rmSync(filler, { force: true }),
    close: () => {
      try {
        execFileSync('umount', ['-l', dir]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Call before `fill()` under a PostgreSQL server (with a superuser's URL): switches to a fresh WAL segment
 * (16 MB, made while there is room), so a test's writes on the full disk fail where a real full disk fails
 * first, extending a table (ERROR 53100), and not by chance on the creation of the next WAL segment (a PANIC,
 * and the server restarts). A checkpoint on a full disk PANICs too: the next timed one is 5 min away.
 */
export async function startFreshWalSegment(superuserUrl: string): Promise<void> {
  const c = new Client({ connectionString: superuserUrl });
  await c.connect();
  try {
    await c.query('SELECT pg_switch_wal()');
    // A checkpoint flushes WAL into the new segment (so its file exists before the disk is full: a commit that
    // wrote no WAL would leave that to the WAL writer, a moment later) and puts the next timed one 5 min away.
    await c.query('CHECKPOINT');
  } finally {
    await c.end();
  }
}
