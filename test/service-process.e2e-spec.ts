import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from '@app/platform';
import { controllablePostgres } from './support/pg-server';
import { readyStatus, startService, waitFor } from './support/service-process';

jest.setTimeout(240_000);

const ADMIN = 'e2e-admin-token-0123456789';

function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(d, 0o755);
  return d;
}

describe('the service process (npm start)', () => {
  it('starts with no configuration on the embedded PostgreSQL, ready within 60 s, and keeps its data across a restart', async () => {
    const dataDir = tempDir('pm-e2e-data-');
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      DATABASE_URL: undefined,
      SMTP_URL: undefined,
      BOOTSTRAP_ADMIN_TOKEN: ADMIN,
    };
    const first = startService(env);
    try {
      const ms = await waitFor(async () => (await readyStatus(first.baseUrl)) === 200, 60_000, 'ready');
      expect(ms).toBeLessThan(60_000);
      // Write one event straight through the store's append function.
      const running = JSON.parse(fs.readFileSync(path.join(dataDir, 'postgres/running.json'), 'utf8')) as {
        url: string;
      };
      const c = new Client({ connectionString: running.url });
      await c.connect();
      await c.query("SELECT * FROM pm_append('kept', 'no_stream', 0, $1::jsonb)", [
        JSON.stringify([
          {
            eventId: '6f1d8c36-1111-4a2b-9c3d-000000000001',
            type: 'Kept',
            data: { 文字: '保留' },
            metadata: { occurredAt: '2021-01-01T00:00:00Z' },
          },
        ]),
      ]);
      await c.end();
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const second = startService(env);
    try {
      await waitFor(async () => (await readyStatus(second.baseUrl)) === 200, 60_000, 'ready after restart');
      const v = (await (
        await fetch(`${second.baseUrl}/api/v1/audit/verification`, {
          headers: { authorization: `Bearer ${ADMIN}` },
        })
      ).json()) as {
        ok: boolean;
        checked: number;
      };
      expect(v.ok).toBe(true);
      expect(v.checked).toBeGreaterThanOrEqual(1);
    } finally {
      await second.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to boot on a bad PORT with a message naming PORT (exit 78)', async () => {
    const svc = startService({ PORT: 'eighty', DATA_DIR: tempDir('pm-e2e-bad-') });
    const code = await svc.exited;
    expect(code).toBe(78);
    expect(svc.output()).toMatch(/PORT: "eighty" is not a whole number/);
  });

  it('lists every bad value at once', async () => {
    const svc = startService({
      PORT: '70000',
      LOG_LEVEL: 'loud',
      TZ_PLAN: 'Mars/Base',
      ALERT_SCHEDULE: 'every morning',
      ALERT_ESCALATION_DAYS: '-1',
      DATA_DIR: tempDir('pm-e2e-bad-'),
    });
    expect(await svc.exited).toBe(78);
    expect(svc.output()).toMatch(/PORT: 70000 is out of range/);
    expect(svc.output()).toMatch(/LOG_LEVEL/);
    expect(svc.output()).toMatch(/TZ_PLAN/);
    expect(svc.output()).toMatch(/ALERT_SCHEDULE: "every morning" is not a cron expression/);
    expect(svc.output()).toMatch(/ALERT_ESCALATION_DAYS/);
    // Refused before anything started: no database was set up in DATA_DIR.
    expect(svc.output()).not.toMatch(/embedded PostgreSQL|listening/);
  });

  it('refuses a PORT already in use before setting anything up: one line naming PORT, exit 69', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    const dataDir = tempDir('pm-e2e-busy-');
    try {
      const svc = startService({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: undefined,
      });
      expect(await svc.exited).toBe(69);
      expect(svc.output().trim()).toBe(
        `progress-monitor: PORT ${port} is already in use on 127.0.0.1 (another process listens there): stop it or set PORT`,
      );
      // Nothing was set up: no embedded PostgreSQL under DATA_DIR.
      expect(fs.readdirSync(dataDir)).toEqual([]);
    } finally {
      taken.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('survives a database restart: not ready while it is down, ready again after, without a restart of its own', async () => {
    const pgDir = tempDir('pm-e2e-pg-');
    const pg = controllablePostgres(pgDir, 'progress_monitor_restart_test');
    const url = await pg.start();
    const port = await freePort();
    const svc = startService({
      DATABASE_URL: url,
      PORT: String(port),
      DATA_DIR: tempDir('pm-e2e-data-'),
      BOOTSTRAP_ADMIN_TOKEN: ADMIN,
    });
    try {
      await waitFor(async () => (await readyStatus(svc.baseUrl)) === 200, 60_000, 'ready');
      await pg.stop();
      await waitFor(
        async () => (await readyStatus(svc.baseUrl)) === 503,
        20_000,
        'not ready while the database is down',
      );
      await pg.start();
      await waitFor(async () => (await readyStatus(svc.baseUrl)) === 200, 30_000, 'ready again');
      const v = await fetch(`${svc.baseUrl}/api/v1/audit/verification`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      expect(v.status).toBe(200);
      expect(svc.child.exitCode).toBeNull();
    } finally {
      await svc.stop();
      await pg.close();
      fs.rmSync(pgDir, { recursive: true, force: true });
    }
  });
});
