import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '@app/platform';
import { ROOT } from './support/run-cli';
import { readyStatus, serviceNodeFlags, startService, waitFor } from './support/service-process';

jest.setTimeout(300_000);

const ADMIN = 'e2e-admin-token-0123456789';

/**
 * The embedded default heals by itself: a first start killed during initdb, what an older version left in that
 * window, and a second `npm start` on the same DATA_DIR whose first one stops.
 */
describe('npm start on the embedded PostgreSQL', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const dataDir = (): string => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-e2e-embedded-'));
    fs.chmodSync(d, 0o755);
    dirs.push(d);
    return d;
  };
  const env = async (DATA_DIR: string) => ({
    DATA_DIR,
    PORT: String(await freePort()),
    DATABASE_URL: undefined,
    SMTP_URL: undefined,
    BOOTSTRAP_ADMIN_TOKEN: ADMIN,
    IMPORT_SEED_ON_START: 'false',
  });
  const leftovers = (pgDir: string) => fs.readdirSync(pgDir).filter((n) => n.startsWith('pgdata.'));

  it('heals a first start killed (kill -9 of its process group) during initdb; a cluster it cannot start is kept and the error says why', async () => {
    const dir = dataDir();
    const pgDir = path.join(dir, 'postgres');
    // npm start in a process group of its own, as a terminal runs it: kill -9 reaches initdb too.
    const first = spawn(process.execPath, [...serviceNodeFlags(), path.join(ROOT, 'scripts/start.js')], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...(await env(dir)) },
      stdio: 'ignore',
      detached: true,
    });
    const exited = new Promise((r) => first.on('exit', r));
    // initdb has begun: PG_VERSION is among the first files it writes (wherever it works).
    await waitFor(
      async () =>
        fs.existsSync(pgDir) &&
        fs
          .readdirSync(pgDir)
          .some((n) => n.startsWith('pgdata') && fs.existsSync(path.join(pgDir, n, 'PG_VERSION'))),
      60_000,
      'initdb begun',
    );
    process.kill(-first.pid!, 'SIGKILL');
    await exited;

    const again = startService(await env(dir));
    try {
      await waitFor(
        async () => (await readyStatus(again.baseUrl)) === 200,
        120_000,
        'ready after the killed initdb',
      );
      expect(leftovers(pgDir)).toEqual([]);
    } finally {
      expect(await again.stop()).toBe(0);
    }

    // A cluster PostgreSQL cannot start (global/pg_control lost) after it held data: kept, and the reason shown.
    const pgdata = path.join(pgDir, 'pgdata');
    fs.rmSync(path.join(pgdata, 'global/pg_control'));
    const broken = startService(await env(dir));
    expect(await broken.exited).toBe(1);
    expect(broken.output()).toMatch(/Embedded PostgreSQL did not start[^\n]*\n(.*\n)*.*global\/pg_control/);
    expect(fs.existsSync(path.join(pgdata, 'base'))).toBe(true);
  });

  it('heals what an older version left when killed during initdb: a pgdata with PG_VERSION only, and a working directory of initdb', async () => {
    const dir = dataDir();
    const pgDir = path.join(dir, 'postgres');
    fs.mkdirSync(path.join(pgDir, 'pgdata'), { recursive: true });
    fs.writeFileSync(path.join(pgDir, 'pgdata/PG_VERSION'), '18\n');
    fs.mkdirSync(path.join(pgDir, 'pgdata.initdb-999999999/base'), { recursive: true });
    fs.writeFileSync(path.join(pgDir, 'pgdata.initdb-999999999/PG_VERSION'), '18\n');
    const svc = startService(await env(dir));
    try {
      await waitFor(async () => (await readyStatus(svc.baseUrl)) === 200, 120_000, 'ready');
      expect(leftovers(pgDir)).toEqual([]);
      expect(fs.existsSync(path.join(pgDir, 'pgdata/global/pg_control'))).toBe(true);
    } finally {
      expect(await svc.stop()).toBe(0);
    }
  });

  it('a second npm start on the same DATA_DIR shares the server, and takes it over when the first one stops; a later start keeps its port', async () => {
    const dir = dataDir();
    const a = startService(await env(dir));
    await waitFor(async () => (await readyStatus(a.baseUrl)) === 200, 120_000, 'first ready');
    const serverPort = (): string => {
      const { url } = JSON.parse(fs.readFileSync(path.join(dir, 'postgres/running.json'), 'utf8')) as {
        url: string;
      };
      return new URL(url).port;
    };
    const port = serverPort();
    const b = startService(await env(dir));
    try {
      await waitFor(async () => (await readyStatus(b.baseUrl)) === 200, 120_000, 'second ready');
      expect(await a.stop()).toBe(0);
      await waitFor(async () => (await readyStatus(b.baseUrl)) === 200, 60_000, 'second ready again');
      expect(b.output()).toMatch(/taking it over/);
      const running = JSON.parse(fs.readFileSync(path.join(dir, 'postgres/running.json'), 'utf8')) as {
        pid: number;
      };
      expect(running.pid).toBe(b.child.pid);
    } finally {
      await a.stop();
      expect(await b.stop()).toBe(0);
    }
    // The second stopped the server it took over.
    expect(fs.existsSync(path.join(dir, 'postgres/pgdata/postmaster.pid'))).toBe(false);

    // A new npm start runs the server on the port it had (free again), so a process still sharing it (whose
    // URL names that port) would find it, whoever claims the server first.
    const c = startService(await env(dir));
    try {
      await waitFor(async () => (await readyStatus(c.baseUrl)) === 200, 120_000, 'third ready');
      expect(serverPort()).toBe(port);
    } finally {
      expect(await c.stop()).toBe(0);
    }
  });
});
