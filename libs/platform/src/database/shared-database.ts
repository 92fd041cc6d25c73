import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { resolveDatabase, type ResolvedDatabase } from './database-url';
import { EMBEDDED_NOTICE } from './embedded-postgres';
import { inspectPostmasterLock, processAlive, processStartTime, stopPostmaster } from './postmaster-process';

/** `DATA_DIR/postgres/running.json`: which process runs the embedded server of this DATA_DIR, and its URLs. */
interface RunningInfo {
  readonly pid: number;
  /** The owner's start time (see processStartTime), so a reused pid does not pass for the owner. */
  readonly started?: string;
  readonly by: string;
  /** Absent while the owner is still starting the server. */
  readonly url?: string;
  readonly migrationUrl?: string;
}

export interface SharedDatabase extends ResolvedDatabase {
  /** Stops the embedded server if this process started it (and says so in running.json); else nothing. */
  release(): Promise<void>;
}

const STARTING_WAIT_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runningFile(config: Pick<AppConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'postgres', 'running.json');
}

function readRunning(file: string): RunningInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as RunningInfo;
    return Number.isInteger(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

function ownerAlive(info: RunningInfo): boolean {
  if (info.pid === process.pid || !processAlive(info.pid)) return false;
  const now = processStartTime(info.pid);
  return info.started === undefined || now === undefined || now === info.started;
}

function writeRunning(file: string, info: RunningInfo, flag: 'w' | 'wx'): void {
  fs.writeFileSync(file, JSON.stringify(info), { mode: 0o600, flag });
}

/**
 * Like resolveDatabase, but for the embedded server of a DATA_DIR shared by the processes that use it:
 * - a live process already runs it (running.json): use its server (the CLI next to a running service, a second
 *   service on the same DATA_DIR); wait while that process is still starting it. Once that process has ended (it
 *   stopped, or it crashed), take the server over: start it again on the same port, so this process's connections
 *   work again (see sharedServer);
 * - otherwise claim running.json, and if a crashed owner left its server running (the pid in postmaster.pid
 *   is alive and is a PostgreSQL server of this data directory), stop it (fast shutdown), then start ours.
 *   A server of another data directory is never signalled; a lock file naming another program's pid is
 *   removed as stale (see EmbeddedPostgresServer).
 */
export async function resolveSharedDatabase(config: AppConfig, name: string): Promise<SharedDatabase> {
  const log = (line: string): void => {
    if (/FATAL|PANIC|ERROR/.test(line) || line.startsWith(EMBEDDED_NOTICE)) {
      process.stderr.write(`[postgres] ${line}\n`);
    }
  };
  if (config.databaseUrl !== undefined) {
    return { ...(await resolveDatabase(config, log)), release: async () => undefined };
  }
  const file = runningFile(config);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const claim: RunningInfo = { pid: process.pid, started: processStartTime(process.pid), by: name };
  const deadline = Date.now() + STARTING_WAIT_MS;
  for (;;) {
    const info = readRunning(file);
    if (info && ownerAlive(info)) {
      if (info.url !== undefined) return sharedServer(config, file, claim, { ...info, url: info.url }, log);
      if (Date.now() > deadline) {
        throw new Error(
          `${info.by} (pid ${info.pid}) has been starting the embedded PostgreSQL for too long`,
        );
      }
      await sleep(200);
      continue;
    }
    if (tryClaim(file, info, claim)) return startOwned(config, file, claim, log);
  }
}

/**
 * No live owner: take running.json over (exclusively, so two processes starting at once do not both own it).
 * Between reading a dead owner's file and removing it another process could claim it; that window is
 * a few microseconds and PostgreSQL's own lock on the data directory still stops a second server.
 */
function tryClaim(file: string, dead: RunningInfo | undefined, claim: RunningInfo): boolean {
  if (dead) fs.rmSync(file, { force: true });
  try {
    writeRunning(file, claim, 'wx');
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false;
  }
}

/** Starts the embedded server as the claimant of running.json (on `port`, or a free one), and says so in it. */
async function startOwned(
  config: AppConfig,
  file: string,
  claim: RunningInfo,
  log: (line: string) => void,
  port?: number,
): Promise<SharedDatabase> {
  try {
    const pgdata = path.join(config.dataDir, 'postgres', 'pgdata');
    const lock = inspectPostmasterLock(pgdata);
    if (lock.kind === 'running') {
      log(`${EMBEDDED_NOTICE} stopping the server (pid ${lock.pid}) left running by a process that ended`);
      await stopPostmaster(lock.pid);
    }
    const db = await resolveDatabase(config, log, port);
    writeRunning(file, { ...claim, url: db.url, migrationUrl: db.migrationUrl }, 'w');
    return {
      ...db,
      release: async () => {
        await db.embedded?.stop();
        if (readRunning(file)?.pid === process.pid) fs.rmSync(file, { force: true });
      },
    };
  } catch (e) {
    if (readRunning(file)?.pid === process.pid) fs.rmSync(file, { force: true });
    throw e;
  }
}

/**
 * The server another live process runs (`owner`). Checked every second: once no live process owns it any more
 * (the owner stopped it, or crashed), this one claims it and starts it on the same port with the same passwords
 * (the same URLs: this process's pools connect again by themselves), and stops it at release.
 */
function sharedServer(
  config: AppConfig,
  file: string,
  claim: RunningInfo,
  owner: RunningInfo & { readonly url: string },
  log: (line: string) => void,
): SharedDatabase {
  const port = Number(new URL(owner.url).port);
  let owned: SharedDatabase | undefined;
  let released = false;
  let lastError = '';
  const check = async (): Promise<void> => {
    const info = readRunning(file);
    if ((info && ownerAlive(info)) || !tryClaim(file, info, claim)) return;
    const who = info ? `${info.by} (pid ${info.pid})` : `${owner.by} (pid ${owner.pid})`;
    log(`${EMBEDDED_NOTICE} ${who}, which ran the server, has ended: taking it over on port ${port}`);
    try {
      owned = await startOwned(config, file, claim, log, port);
      clearInterval(timer);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (msg !== lastError) log(`${EMBEDDED_NOTICE} taking the server over failed, retrying: ${msg}`);
      lastError = msg;
    }
  };
  let checking: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    checking = checking.then(() => (released || owned ? undefined : check()));
  }, 1000);
  timer.unref();
  return {
    url: owner.url,
    migrationUrl: owner.migrationUrl,
    embedded: undefined,
    release: async () => {
      released = true;
      clearInterval(timer);
      await checking;
      await owned?.release();
    },
  };
}
