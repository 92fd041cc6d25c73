import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { embeddedServerOf, resolveDatabase, type ResolvedDatabase } from './database-url';
import { EMBEDDED_NOTICE, type EmbeddedPostgresServer } from './embedded-postgres';
import { inspectPostmasterLock, processStartTime, stopPostmaster } from './postmaster-process';
import {
  ownerAlive,
  previousPort,
  readRunning,
  rememberPort,
  runningOwner,
  tryClaim,
  writeRunning,
  type RunningInfo,
} from './running-file';

export interface SharedDatabase extends ResolvedDatabase {
  /** Stops the embedded server if this process started it (and says so in running.json); else nothing. */
  release(): Promise<void>;
}

const STARTING_WAIT_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runningFile(config: Pick<AppConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'postgres', 'running.json');
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
    if (info === 'busy') {
      await sleep(100);
      continue;
    }
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
    await sleep(50);
  }
}

/** Starts the embedded server as the claimant of running.json (on `port`, or a free one), and says so in it. */
async function startOwned(
  config: AppConfig,
  file: string,
  claim: RunningInfo,
  log: (line: string) => void,
  port?: number,
  server?: EmbeddedPostgresServer,
): Promise<SharedDatabase> {
  let started: SharedDatabase['embedded'];
  try {
    const pgdata = path.join(config.dataDir, 'postgres', 'pgdata');
    const lock = inspectPostmasterLock(pgdata);
    if (lock.kind === 'running') {
      log(`${EMBEDDED_NOTICE} stopping the server (pid ${lock.pid}) left running by a process that ended`);
      await stopPostmaster(lock.pid);
    }
    const db = await resolveDatabase(config, log, port ?? (await previousPort(file)), server);
    started = db.embedded;
    writeRunning(file, { ...claim, url: db.url, migrationUrl: db.migrationUrl }, 'w');
    if (db.embedded) rememberPort(file, db.embedded.listeningPort);
    return {
      ...db,
      release: async () => {
        await db.embedded?.stop();
        if (runningOwner(file)?.pid === process.pid) fs.rmSync(file, { force: true });
      },
    };
  } catch (e) {
    // Started, but not announced (running.json or the port file could not be written: a full disk): stopped again,
    // so that no server runs that this process would not stop at release, and the next attempt starts it afresh.
    await started?.stop().catch(() => undefined);
    if (runningOwner(file)?.pid === process.pid) fs.rmSync(file, { force: true });
    throw e;
  }
}

/**
 * The server another live process runs (`owner`). Checked every second: once no live process owns it any more
 * (the owner stopped it, or crashed), this one claims it and starts it on the same port with the same passwords
 * (the same URLs: this process's pools connect again by themselves), and stops it at release. A takeover that
 * fails is tried again with backoff (1 s to 30 s). A new owner that claimed the file first starts the server on the
 * port it last used when that is free (see previousPort), so this process's URLs keep working.
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
  let backoff = 1000;
  let nextAttempt = 0;
  let movedSaid = false;
  // One server object for every attempt: the package keeps each instance of it made until this process exits.
  const server = embeddedServerOf(config, log);
  const check = async (): Promise<void> => {
    if (Date.now() < nextAttempt) return;
    try {
      const info = readRunning(file);
      if (info === 'busy') return;
      if (info && ownerAlive(info)) {
        if (info.url !== undefined && info.url !== owner.url && !movedSaid) {
          movedSaid = true;
          log(
            `${EMBEDDED_NOTICE} ${info.by} (pid ${info.pid}) now runs the server on port ${new URL(info.url).port}, not ${port}: restart this process to use it`,
          );
        }
        return;
      }
      if (!tryClaim(file, info, claim)) return;
      const who = info ? `${info.by} (pid ${info.pid})` : `${owner.by} (pid ${owner.pid})`;
      log(`${EMBEDDED_NOTICE} ${who}, which ran the server, has ended: taking it over on port ${port}`);
      owned = await startOwned(config, file, claim, log, port, server);
      clearInterval(timer);
    } catch (e) {
      // A takeover that keeps failing (a full disk, the port taken): say each new reason once (timestamps and
      // pids aside), and try again less and less often (each attempt starts a server process).
      const msg = e instanceof Error ? e.message : String(e);
      const gist = msg.replace(/[\d:.-]+/g, '');
      if (gist !== lastError) log(`${EMBEDDED_NOTICE} taking the server over failed, retrying: ${msg}`);
      lastError = gist;
      nextAttempt = Date.now() + backoff;
      backoff = Math.min(backoff * 2, 30_000);
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
