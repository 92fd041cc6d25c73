import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { embeddedServerOf, resolveDatabase, type ResolvedDatabase } from './database-url';
import { startForwarder } from './embedded-forward';
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
 *   service on the same DATA_DIR), through a forwarder that follows the server to a new port; wait while that
 *   process is still starting it. Once that process has ended (it stopped, or it crashed), take the server over
 *   (see sharedServer);
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

/**
 * Starts the embedded server as the claimant of running.json (on the port it last used when that is free, else
 * another), and says so in it.
 */
async function startOwned(
  config: AppConfig,
  file: string,
  claim: RunningInfo,
  log: (line: string) => void,
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
    const db = await resolveDatabase(config, log, await previousPort(file), server);
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
 * The server another live process runs (`owner`), shared through a loopback forwarder (see startForwarder): this
 * process's URLs name the forwarder, which connects each new connection to the server running.json names at that
 * moment, so when the server comes back on another port (its owner restarted it, the old port taken meanwhile; or
 * a third process took it over) this process's pools follow it by reconnecting. running.json is read every second
 * (and when the server refuses a connection): once no live process owns the server any more (the owner stopped it,
 * or crashed), this one claims it and starts it (on the port it last used when that is free, else another), and
 * stops it at release. A takeover that fails is tried again with backoff (1 s to 30 s).
 */
async function sharedServer(
  config: AppConfig,
  file: string,
  claim: RunningInfo,
  owner: RunningInfo & { readonly url: string },
  log: (line: string) => void,
): Promise<SharedDatabase> {
  let current = owner.url;
  let owned: SharedDatabase | undefined;
  let released = false;
  let lastError = '';
  let backoff = 1000;
  let nextAttempt = 0;
  // One server object for every attempt: the package keeps each instance of it made until this process exits.
  const server = embeddedServerOf(config, log);
  const follow = (url: string, by: string): void => {
    if (url === current) return;
    log(`${EMBEDDED_NOTICE} ${by} runs the server on port ${new URL(url).port} now: following it`);
    current = url;
  };
  const target = () => ({ host: new URL(current).hostname, port: Number(new URL(current).port) });
  const refresh = () => {
    const info = owned ? undefined : runningOwner(file);
    if (info?.url !== undefined && ownerAlive(info)) follow(info.url, `${info.by} (pid ${info.pid})`);
    return target();
  };
  const forwarder = await startForwarder(target, refresh);
  const check = async (): Promise<void> => {
    if (Date.now() < nextAttempt) return;
    try {
      const info = readRunning(file);
      if (info === 'busy') return;
      if (info && ownerAlive(info)) {
        if (info.url !== undefined) follow(info.url, `${info.by} (pid ${info.pid})`);
        return;
      }
      if (!tryClaim(file, info, claim)) return;
      const who = info ? `${info.by} (pid ${info.pid})` : `${owner.by} (pid ${owner.pid})`;
      log(`${EMBEDDED_NOTICE} ${who}, which ran the server, has ended: taking it over`);
      owned = await startOwned(config, file, claim, log, server);
      follow(owned.url, 'this process');
      clearInterval(timer);
    } catch (e) {
      // A takeover that keeps failing (a full disk): say each new reason once (timestamps and pids aside), and
      // try again less and less often (each attempt starts a server process).
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
  const forwarded = (url: string): string => {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(forwarder.port);
    return u.toString();
  };
  return {
    url: forwarded(owner.url),
    migrationUrl: owner.migrationUrl === undefined ? undefined : forwarded(owner.migrationUrl),
    embedded: undefined,
    release: async () => {
      released = true;
      clearInterval(timer);
      await checking;
      await forwarder.close();
      await owned?.release();
    },
  };
}
