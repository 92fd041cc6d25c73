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
 * - a live process already runs it (running.json): use its server (the CLI next to a running service); wait
 *   while that process is still starting it;
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
      if (info.url !== undefined) {
        return {
          url: info.url,
          migrationUrl: info.migrationUrl,
          embedded: undefined,
          release: async () => undefined,
        };
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${info.by} (pid ${info.pid}) has been starting the embedded PostgreSQL for too long`,
        );
      }
      await sleep(200);
      continue;
    }
    // No live owner: take the file over (exclusively, so two processes starting at once do not both own it).
    // Between reading a dead owner's file and removing it another process could claim it; that window is
    // a few microseconds and PostgreSQL's own lock on the data directory still stops a second server.
    if (info) fs.rmSync(file, { force: true });
    try {
      writeRunning(file, claim, 'wx');
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  try {
    const pgdata = path.join(config.dataDir, 'postgres', 'pgdata');
    const lock = inspectPostmasterLock(pgdata);
    if (lock.kind === 'running') {
      log(`${EMBEDDED_NOTICE} stopping the server (pid ${lock.pid}) left running by a process that ended`);
      await stopPostmaster(lock.pid);
    }
    const db = await resolveDatabase(config, log);
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
