import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a process with this pid exists (one of another user's counts: EPERM). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When the process started (Linux: clock ticks since boot, from /proc/<pid>/stat), so a pid the OS handed to
 * another process later is not mistaken for the one recorded; `undefined` where /proc is not available.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses and may hold spaces): state is field 3,
    // starttime field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * When the process started, in ms since the epoch (Linux: boot time from /proc/stat plus its start in clock ticks,
 * USER_HZ = 100); `undefined` where /proc is not available.
 */
export function processStartMs(pid: number): number | undefined {
  const ticks = Number(processStartTime(pid));
  try {
    const btime = Number(/^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1]);
    return Number.isFinite(ticks) && btime > 0 ? btime * 1000 + ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

function sameDir(a: string, b: string): boolean {
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

/**
 * Whether `pid` is a PostgreSQL server whose data directory is `dataDir` (a postmaster works in its data
 * directory). Linux reads /proc; elsewhere `ps` gives the command line, which names the directory (`-D`).
 */
export function isPostmasterOf(pid: number, dataDir: string): boolean {
  if (fs.existsSync('/proc/self/cmdline')) {
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!path.basename(argv[0] ?? '').startsWith('postgres')) return false;
      const d = argv.indexOf('-D');
      const dirArg = d >= 0 ? argv[d + 1] : undefined;
      if (dirArg !== undefined && path.isAbsolute(dirArg)) return sameDir(dirArg, dataDir);
      // Its working directory (readable by the same user, or by root with CAP_SYS_PTRACE).
      return sameDir(fs.readlinkSync(`/proc/${pid}/cwd`), dataDir);
    } catch {
      return false;
    }
  }
  try {
    const cmd = execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    const m = /(?:^|\s)-D\s+(\S+)/.exec(cmd);
    return /postgres/.test(cmd) && m?.[1] !== undefined && sameDir(m[1], dataDir);
  } catch {
    return false;
  }
}

/** What `DATA_DIR/postgres/pgdata/postmaster.pid` says about the data directory. */
export type PostmasterLock =
  /** No lock file: no server. */
  | { readonly kind: 'none' }
  /** A lock file whose pid is gone: PostgreSQL replaces it by itself. */
  | { readonly kind: 'dead'; readonly pid: number }
  /** A lock file whose pid now belongs to another program (or to a server of another data directory). */
  | { readonly kind: 'foreign'; readonly pid: number }
  /** A live PostgreSQL server on this data directory. */
  | { readonly kind: 'running'; readonly pid: number };

export function inspectPostmasterLock(dataDir: string): PostmasterLock {
  return inspectLockFile(path.join(dataDir, 'postmaster.pid'), dataDir);
}

/** A lock file of a server of `dataDir` (`postmaster.pid`, or a socket's `.s.PGSQL.<port>.lock`): pid first. */
function inspectLockFile(file: string, dataDir: string): PostmasterLock {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { kind: 'none' };
  }
  const pid = Number(text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return { kind: 'dead', pid: 0 };
  if (!processAlive(pid)) return { kind: 'dead', pid };
  return isPostmasterOf(pid, dataDir) ? { kind: 'running', pid } : { kind: 'foreign', pid };
}

/**
 * Removes a lock file whose pid belongs to another program (a pid reused after a crash or a reboot), which
 * PostgreSQL would take for a live server and refuse to start: the data directory's `postmaster.pid`, and
 * `socketLock`, the lock of the Unix-domain socket (PostgreSQL replaces the socket file left by a killed
 * server by itself once its lock is stale). Never signals that process. PostgreSQL's own shared-memory check
 * still refuses to start while old server processes of this directory live on.
 */
export function removeForeignLock(dataDir: string, log: (line: string) => void, socketLock?: string): void {
  for (const file of [path.join(dataDir, 'postmaster.pid'), ...(socketLock ? [socketLock] : [])]) {
    const lock = inspectLockFile(file, dataDir);
    if (lock.kind !== 'foreign') continue;
    const what = file === socketLock ? file : 'postmaster.pid';
    log(
      `${what} names pid ${lock.pid}, which is not a PostgreSQL server of ${dataDir}: removing the stale lock file`,
    );
    fs.rmSync(file, { force: true });
  }
}

/**
 * Stops a PostgreSQL server: fast shutdown (SIGINT: running transactions roll back, a checkpoint is
 * written), and immediate shutdown (SIGQUIT: crash recovery at the next start) if it has not exited after
 * `fastMs` (a server that hit a full disk can hang in "stopping").
 */
export async function stopPostmaster(
  pid: number,
  /** For a child of this process: whether its 'exit' was seen. */
  exited: () => boolean = () => false,
  fastMs = 20_000,
  immediateMs = 15_000,
): Promise<void> {
  const waitGone = async (ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms;
    while (!exited() && processAlive(pid)) {
      if (Date.now() > deadline) return false;
      await sleep(100);
    }
    return true;
  };
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGINT');
  if (await waitGone(fastMs)) return;
  signal('SIGQUIT');
  if (await waitGone(immediateMs)) return;
  throw new Error(`PostgreSQL (pid ${pid}) did not stop within ${(fastMs + immediateMs) / 1000} s`);
}
