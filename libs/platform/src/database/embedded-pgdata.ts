import * as fs from 'node:fs';
import * as path from 'node:path';
import { processAlive, processStartMs } from './postmaster-process';

/** Where initdb works (`pgdata.initdb-<pid>`, next to pgdata) until it has finished. */
const INIT_PREFIX = 'pgdata.initdb-';
/** initdb of an empty cluster takes seconds; its working directory untouched for this long is a leftover. */
const INITDB_MAX_MS = 10 * 60_000;

/**
 * Makes `dataDir` (`<dir>/pgdata`) either a finished cluster or absent, so that a first start killed during initdb
 * heals at the next start; returns whether it is absent (a fresh start: initialise with `initialiseAtomically`).
 * Removes what an interrupted first start left: the working directories of initdb runs whose process is gone (or,
 * alive, untouched for longer than any initdb runs: a pid reused after a reboot), and a
 * pgdata an older version initialised in place and never finished (no `global/pg_control`, which PostgreSQL cannot
 * start, and no `postmaster.opts`: no server ever ran on it, so it holds no data). Any other pgdata is kept.
 */
export function clearUnfinishedInit(dataDir: string, log: (line: string) => void): boolean {
  const dir = path.dirname(dataDir);
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(INIT_PREFIX)) continue;
    const pid = Number(name.slice(INIT_PREFIX.length));
    if (
      Number.isInteger(pid) &&
      pid !== process.pid &&
      processAlive(pid) &&
      !leftover(path.join(dir, name), pid)
    )
      continue;
    log(`removing ${name}, left by a first start that was interrupted during initdb`);
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
  if (!fs.existsSync(dataDir)) return true;
  const has = (file: string) => fs.existsSync(path.join(dataDir, file));
  if (!has('global/pg_control') && !has('postmaster.opts')) {
    log(
      `removing ${dataDir}: its initialisation was interrupted (no global/pg_control) and no server ever ran on it`,
    );
    fs.rmSync(dataDir, { recursive: true, force: true });
    return true;
  }
  return false;
}

/**
 * Runs `initdb(workDir)` in a working directory next to `dataDir` and renames it to `dataDir` once it has finished:
 * the rename is atomic, so `dataDir` is never a half-initialised cluster.
 */
export async function initialiseAtomically(
  dataDir: string,
  initdb: (workDir: string) => Promise<void>,
): Promise<void> {
  const workDir = path.join(path.dirname(dataDir), `${INIT_PREFIX}${process.pid}`);
  fs.rmSync(workDir, { recursive: true, force: true });
  try {
    await initdb(workDir);
    fs.renameSync(workDir, dataDir);
  } catch (e) {
    fs.rmSync(workDir, { recursive: true, force: true });
    throw e;
  }
  // The rename itself on disk (initdb synced the files): a power cut after this start finds the cluster.
  fsyncPath(path.dirname(dataDir));
}

/**
 * Whether initdb's working directory, its pid alive, is still a leftover: that process started after the directory
 * was last changed, or it was last changed longer ago than any initdb runs (after a reboot pids are handed out again).
 */
function leftover(workDir: string, pid: number): boolean {
  const changed = fs.statSync(workDir, { throwIfNoEntry: false })?.mtimeMs;
  if (changed === undefined) return false;
  const started = processStartMs(pid);
  // Started after the directory was last changed: not the process that made it (1 s for the clocks' rounding).
  return Date.now() - changed > INITDB_MAX_MS || (started !== undefined && started > changed + 1000);
}

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes `file` (mode 0600) and syncs it and its directory: after a power cut it is there with its content, never
 * empty (the passwords of a cluster that is kept).
 */
export function writeDurably(file: string, content: string): void {
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fsyncPath(path.dirname(file));
}
