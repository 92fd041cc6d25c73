import * as fs from 'node:fs';
import * as path from 'node:path';
import { processAlive } from './postmaster-process';

/** Where initdb works (`pgdata.initdb-<pid>`, next to pgdata) until it has finished. */
const INIT_PREFIX = 'pgdata.initdb-';

/**
 * Makes `dataDir` (`<dir>/pgdata`) either a finished cluster or absent, so that a first start killed during initdb
 * heals at the next start; returns whether it is absent (a fresh start: initialise with `initialiseAtomically`).
 * Removes what an interrupted first start left: the working directories of initdb runs whose process is gone, and a
 * pgdata an older version initialised in place and never finished (no `global/pg_control`, which PostgreSQL cannot
 * start, and no `postmaster.opts`: no server ever ran on it, so it holds no data). Any other pgdata is kept.
 */
export function clearUnfinishedInit(dataDir: string, log: (line: string) => void): boolean {
  const dir = path.dirname(dataDir);
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(INIT_PREFIX)) continue;
    const pid = Number(name.slice(INIT_PREFIX.length));
    if (Number.isInteger(pid) && pid !== process.pid && processAlive(pid)) continue;
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
  const fd = fs.openSync(path.dirname(dataDir), 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
