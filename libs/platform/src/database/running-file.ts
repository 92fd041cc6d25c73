import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { processAlive, processStartTime } from './postmaster-process';

/** `DATA_DIR/postgres/running.json`: which process runs the embedded server of this DATA_DIR, and its URLs. */
export interface RunningInfo {
  readonly pid: number;
  /** The owner's start time (see processStartTime), so a reused pid does not pass for the owner. */
  readonly started?: string;
  readonly by: string;
  /** Absent while the owner is still starting the server. */
  readonly url?: string;
  readonly migrationUrl?: string;
}

/** How long a running.json nobody can read may be someone's exclusive create not yet written. */
const UNREADABLE_GRACE_MS = 2000;

/**
 * The file's owner; `undefined` when there is no file, or when it cannot be read (empty: a create whose write
 * failed, or one being written) and is older than a moment: such a file is removed as stale.
 * `'busy'`: unreadable and just made (another process is writing it): look again shortly.
 */
export function readRunning(file: string): RunningInfo | 'busy' | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const info = JSON.parse(text) as RunningInfo;
    if (Number.isInteger(info.pid)) return info;
  } catch {
    // not (yet) JSON
  }
  const age = Date.now() - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0);
  if (age < UNREADABLE_GRACE_MS) return 'busy';
  fs.rmSync(file, { force: true });
  return undefined;
}

/** The owner named in the file, when it is readable (for release and messages). */
export function runningOwner(file: string): RunningInfo | undefined {
  try {
    const info = readRunning(file);
    return typeof info === 'object' ? info : undefined;
  } catch {
    return undefined;
  }
}

export function ownerAlive(info: RunningInfo): boolean {
  if (info.pid === process.pid || !processAlive(info.pid)) return false;
  const now = processStartTime(info.pid);
  return info.started === undefined || now === undefined || now === info.started;
}

export function writeRunning(file: string, info: RunningInfo, flag: 'w' | 'wx'): void {
  fs.writeFileSync(file, JSON.stringify(info), { mode: 0o600, flag });
}

/**
 * No live owner: take running.json over (exclusively, so two processes starting at once do not both own it).
 * Between reading a dead owner's file and removing it another process could claim it; that window is
 * a few microseconds and PostgreSQL's own lock on the data directory still stops a second server.
 * A create whose write fails (a full disk) removes the empty file it made, so it cannot block the next start.
 */
export function tryClaim(file: string, dead: RunningInfo | undefined, claim: RunningInfo): boolean {
  if (dead) fs.rmSync(file, { force: true });
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false;
  }
  try {
    fs.writeSync(fd, JSON.stringify(claim));
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  return true;
}

/** `DATA_DIR/postgres/port`: the port the embedded server last listened on. */
function portFile(file: string): string {
  return path.join(path.dirname(file), 'port');
}

export function rememberPort(file: string, port: number): void {
  fs.writeFileSync(portFile(file), `${port}\n`, { mode: 0o600 });
}

/**
 * The port the server last listened on, when it is free on 127.0.0.1: a new owner starts the server there again
 * (tools pointed at it keep working; a sharing process follows any port); else `undefined` (any free port).
 */
export async function previousPort(file: string): Promise<number | undefined> {
  let port: number;
  try {
    port = Number(fs.readFileSync(portFile(file), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(port) || port < 1024 || port > 65535) return undefined;
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(undefined));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(port)));
  });
}
