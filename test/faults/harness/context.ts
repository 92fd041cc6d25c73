import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from '@app/platform';
import { createTestDatabase, createTestDataSource, type TestDatabase } from '@app/platform/testing';
import { SmtpTestServer } from '@app/alerts/testing';
import { readyStatus, startService, waitFor, type RunningService } from '../../support/service-process';

export const ADMIN = 'fault-suite-admin-token-000001';
export const BASE_URL = 'https://pm.example.org';
export const MAIL_FROM = '三区并进督办系统 <noreply@pm.example.org>';

/** A service process of the fault: `npm start` (scripts/start.js) or the worker, on an external database. */
export interface FaultService {
  readonly name: string;
  readonly baseUrl: string;
  readonly proc: RunningService;
  ready(timeoutMs?: number): Promise<void>;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, then wait for the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Everything a fault needs, cleaned up after it whatever happens: databases, a real SMTP server, service
 * processes (killed if still running), pg clients, temp dirs. Service processes get settings that make the
 * faults quick to observe (short polls and backoffs) and keep them from doing anything on their own (no cron
 * scan in the test's lifetime, no rate limit).
 */
export class FaultContext {
  private readonly cleanups: (() => Promise<unknown>)[] = [];

  /** A fresh, empty database (dropped afterwards). */
  async database(): Promise<TestDatabase> {
    const db = await createTestDatabase();
    this.cleanups.push(() => db.drop());
    return db;
  }

  /** A fresh database with the schema but no events (for a replay into it). */
  async migratedDatabase(): Promise<TestDatabase> {
    const { dataSource, db } = await createTestDataSource();
    await dataSource.destroy();
    this.cleanups.push(() => db.drop());
    return db;
  }

  async smtp(): Promise<SmtpTestServer> {
    const s = await SmtpTestServer.start();
    this.cleanups.push(() => s.down());
    return s;
  }

  tempDir(prefix: string): string {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), `pm-fault-${prefix}-`));
    fs.chmodSync(d, 0o755);
    this.cleanups.push(async () => fs.rmSync(d, { recursive: true, force: true }));
    return d;
  }

  async pg(url: string): Promise<Client> {
    const c = new Client({ connectionString: url });
    c.on('error', () => undefined);
    await c.connect();
    this.cleanups.push(() => c.end().catch(() => undefined));
    return c;
  }

  /** Runs `fn` when the fault is over (after what was registered later). */
  onCleanup(fn: () => Promise<unknown>): void {
    this.cleanups.push(fn);
  }

  /**
   * Settings of every service process of a fault (override per process). Without a database: the embedded
   * PostgreSQL under DATA_DIR, as `npm start` on a fresh machine.
   */
  async serviceEnv(
    db: TestDatabase | null,
    extra: Record<string, string> = {},
  ): Promise<Record<string, string>> {
    return {
      ...(db ? { DATABASE_URL: db.url } : {}),
      DATA_DIR: this.tempDir('data'),
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      BOOTSTRAP_ADMIN_TOKEN: ADMIN,
      BASE_URL,
      MAIL_FROM,
      RATE_LIMIT_PER_MINUTE: '1000000',
      CONSUMER_POLL_MS: '200',
      ALERT_SCHEDULE: '0 3 1 1 *',
      ALERT_MAIL_POLL_MS: '100',
      ALERT_MAIL_BACKOFF_MS: '100',
      ALERT_MAIL_BACKOFF_MAX_MS: '1000',
      ALERT_MAIL_MAX_ATTEMPTS: '100',
      ALERT_MAIL_LEASE_MS: '5000',
      ALERT_SMTP_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'warn',
      ...extra,
    };
  }

  /** Spawns a service process (`scripts/start.js` = npm start, or `scripts/worker.js`); PGAPPNAME = its name. */
  service(name: string, env: Record<string, string>, script = 'scripts/start.js'): FaultService {
    const proc = startService({ ...env, PGAPPNAME: name }, script);
    this.cleanups.push(async () => {
      if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
      await proc.exited;
    });
    const svc: FaultService = {
      name,
      baseUrl: proc.baseUrl,
      proc,
      ready: async (timeoutMs = 120_000) => {
        const exited = () => proc.child.exitCode !== null || proc.child.signalCode !== null;
        const ok = await waitFor(
          async () => exited() || (await readyStatus(proc.baseUrl)) === 200,
          timeoutMs,
          `${name} ready`,
        ).then(
          () => !exited(),
          () => false,
        );
        if (!ok)
          throw new Error(
            `${name} not ready (${exited() ? 'exited' : 'timed out'}):\n${proc.output().slice(-3000)}`,
          );
      },
      kill: async () => {
        proc.child.kill('SIGKILL');
        await proc.exited;
      },
      stop: () => proc.stop(),
    };
    return svc;
  }

  async cleanup(): Promise<void> {
    for (const c of this.cleanups.reverse()) await c().catch(() => undefined);
    this.cleanups.length = 0;
  }
}
