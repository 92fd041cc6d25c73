import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from '@app/platform';
import { controllablePostgres } from './support/pg-server';
import { runCli } from './support/run-cli';
import { readyStatus, type RunningService, startService, waitFor } from './support/service-process';

jest.setTimeout(300_000);

const ADMIN = 'e2e-admin-token-crash-000001';

function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(d, 0o755);
  return d;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in DATA_DIR's postmaster.pid (the embedded server), if any. */
function postmasterPid(dataDir: string): number | undefined {
  try {
    return Number(
      fs.readFileSync(path.join(dataDir, 'postgres/pgdata/postmaster.pid'), 'utf8').split('\n')[0],
    );
  } catch {
    return undefined;
  }
}

async function events(svc: RunningService): Promise<{ ok: boolean; checked: number }> {
  const r = await fetch(`${svc.baseUrl}/api/v1/audit/verification`, {
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  expect(r.status).toBe(200);
  return (await r.json()) as { ok: boolean; checked: number };
}

async function ready(svc: RunningService, what: string): Promise<void> {
  try {
    await waitFor(async () => (await readyStatus(svc.baseUrl)) === 200, 60_000, what);
  } catch (e) {
    throw new Error(`${(e as Error).message}; the service said:\n${svc.output()}`, { cause: e });
  }
}

/** SIGKILL, as a crash would: the node process only (not its process group). */
async function crash(svc: RunningService): Promise<void> {
  svc.child.kill('SIGKILL');
  await svc.exited;
}

async function waitGone(pid: number): Promise<void> {
  await waitFor(async () => !alive(pid), 30_000, `pid ${pid} gone`);
}

describe('the service process after crashes (embedded PostgreSQL)', () => {
  let dataDir: string;
  let env: Record<string, string | undefined>;
  let svc: RunningService | undefined;

  beforeEach(async () => {
    dataDir = tempDir('pm-e2e-crash-');
    env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      DATABASE_URL: undefined,
      BOOTSTRAP_ADMIN_TOKEN: ADMIN,
    };
  });

  afterEach(async () => {
    await svc?.stop();
    svc = undefined;
    const left = postmasterPid(dataDir);
    if (left !== undefined && alive(left)) process.kill(left, 'SIGQUIT');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('kill -9 of npm start leaves its PostgreSQL running; the next npm start stops it, is ready within 60 s and keeps the data', async () => {
    svc = startService(env);
    await ready(svc, 'ready');
    const before = await events(svc);
    expect(before.checked).toBeGreaterThan(100); // the seed plan
    const orphan = postmasterPid(dataDir)!;
    await crash(svc);
    expect(alive(orphan)).toBe(true); // what a crash leaves behind

    svc = startService(env);
    await ready(svc, 'ready after the crash');
    expect(alive(orphan)).toBe(false);
    expect(svc.output()).toMatch(new RegExp(`stopping the server \\(pid ${orphan}\\) left running`));
    expect(await events(svc)).toEqual(expect.objectContaining({ ok: true, checked: before.checked }));

    // The CLI still shares the running service's server (running.json).
    const verify = await runCli(['events', 'verify'], { DATA_DIR: dataDir, DATABASE_URL: undefined });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain(`${before.checked} events`);
    expect(await readyStatus(svc.baseUrl)).toBe(200);
    // The service connects as the application role, not as the superuser.
    const running = JSON.parse(fs.readFileSync(path.join(dataDir, 'postgres/running.json'), 'utf8')) as {
      url: string;
    };
    expect(new URL(running.url).username).toBe('progress_monitor_app');

    const pid = postmasterPid(dataDir)!;
    expect(await svc.stop()).toBe(0);
    expect(alive(pid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'postgres/running.json'))).toBe(false);
  });

  it('kill -9 of PostgreSQL under the running service: it starts it again by itself (a new postmaster on the same port), ready again, nothing lost', async () => {
    svc = startService(env);
    await ready(svc, 'ready');
    const before = await events(svc);
    const first = postmasterPid(dataDir)!;
    process.kill(first, 'SIGKILL');
    await waitFor(
      async () => {
        const now = postmasterPid(dataDir);
        return now !== undefined && now !== first && alive(now);
      },
      60_000,
      'a new postmaster',
    );
    await ready(svc, 'ready again without a restart of the service');
    expect(svc.child.exitCode).toBeNull();
    expect(svc.output()).toMatch(/the server exited unexpectedly \(SIGKILL\); restarting it/);
    expect(await events(svc)).toEqual(expect.objectContaining({ ok: true, checked: before.checked }));
    const token = await fetch(`${svc.baseUrl}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'viewer', name: '审计' }),
    });
    expect(token.status).toBe(201);
  });

  it('after both the service and PostgreSQL are killed, the next npm start works and keeps the data', async () => {
    svc = startService(env);
    await ready(svc, 'ready');
    const before = await events(svc);
    const pg = postmasterPid(dataDir)!;
    await crash(svc);
    process.kill(pg, 'SIGKILL');
    await waitGone(pg);

    svc = startService(env);
    await ready(svc, 'ready after both crashed');
    expect(await events(svc)).toEqual(expect.objectContaining({ ok: true, checked: before.checked }));
  });

  it('never touches a PostgreSQL server of another data directory, even when a stale postmaster.pid names it', async () => {
    svc = startService(env);
    await ready(svc, 'first start');
    expect(await svc.stop()).toBe(0);
    svc = undefined;

    const otherDir = tempDir('pm-e2e-other-pg-');
    const other = controllablePostgres(otherDir, 'progress_monitor_other_test');
    try {
      const otherUrl = await other.start();
      const otherPid = Number(
        fs.readFileSync(path.join(otherDir, 'pgdata/postmaster.pid'), 'utf8').split('\n')[0],
      );
      expect(alive(otherPid)).toBe(true);
      // What a crash and a reboot can leave: our lock file naming a pid that is now another server's, and
      // running.json naming an owner that is gone.
      const pgdata = path.join(dataDir, 'postgres/pgdata');
      const lock = fs.readFileSync(path.join(otherDir, 'pgdata/postmaster.pid'), 'utf8').split('\n');
      lock[1] = pgdata;
      fs.writeFileSync(path.join(pgdata, 'postmaster.pid'), lock.join('\n'));
      fs.writeFileSync(
        path.join(dataDir, 'postgres/running.json'),
        JSON.stringify({ pid: 2 ** 22 + 1, by: 'progress-monitor', url: 'postgres://gone@127.0.0.1:1/x' }),
      );

      svc = startService(env);
      await ready(svc, 'ready beside the other server');
      expect(svc.output()).toMatch(new RegExp(`names pid ${otherPid}, which is not a PostgreSQL server of`));
      expect(alive(otherPid)).toBe(true);
      const c = new Client({ connectionString: otherUrl });
      await c.connect();
      expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await c.end();
    } finally {
      await other.close();
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
