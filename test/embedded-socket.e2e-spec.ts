import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/platform';
import { controllablePostgres } from './support/pg-server';
import { waitFor } from './support/service-process';

jest.setTimeout(180_000);

/** How a connection reached the server: `socket` (Unix-domain) or the server's TCP address. */
async function transportOf(url: string): Promise<string> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ addr: string | null }>('SELECT host(inet_server_addr()) AS addr');
    return r.rows[0]?.addr ?? 'socket';
  } finally {
    await c.end();
  }
}

/** A server directory `<tmp>/<name>` (the temp dir readable by the `postgres` user PostgreSQL runs as under root). */
function tempServerDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-e2e-sock-'));
  fs.chmodSync(dir, 0o755);
  return path.join(dir, name);
}

const postmasterPid = (dir: string): number =>
  Number(fs.readFileSync(path.join(dir, 'pgdata/postmaster.pid'), 'utf8').split('\n')[0]);

describe('the embedded PostgreSQL over a Unix-domain socket', () => {
  const dir = tempServerDir('postgres');
  const pg = controllablePostgres(dir, 'progress_monitor_sock_test');

  beforeAll(async () => {
    await pg.start();
  });
  afterAll(async () => {
    await pg.close();
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('gives socket URLs (in a directory of its own, owned by the server’s user) and still listens on 127.0.0.1', async () => {
    const info = await pg.info();
    expect(info.socketDir).toBe(path.join(dir, 'socket'));
    expect(fs.statSync(path.join(dir, 'socket', `.s.PGSQL.${info.port}`)).isSocket()).toBe(true);
    expect(fs.statSync(path.join(dir, 'socket')).uid).toBe(fs.statSync(path.join(dir, 'pgdata')).uid);
    expect(info.url).toMatch(/^postgres:\/\/postgres:[^@]+@%2F[^:/]+:\d+\/progress_monitor_sock_test$/);
    expect(await transportOf(info.url)).toBe('socket');
    expect(await transportOf(info.appUrl)).toBe('socket');
    expect(await transportOf(info.tcpUrl)).toBe('127.0.0.1');
  });

  it('serves TypeORM through dataSourceOptions over the socket', async () => {
    const { appUrl } = await pg.info();
    const ds = new DataSource(dataSourceOptions(appUrl, { migrationsRun: false, logging: false }));
    await ds.initialize();
    try {
      const rows: unknown = await ds.query('SELECT inet_server_addr() AS addr, current_user AS who');
      expect(rows).toEqual([{ addr: null, who: 'progress_monitor_app' }]);
    } finally {
      await ds.destroy();
    }
  });

  it('is back on the socket after kill -9 of the server (the socket file left behind is replaced)', async () => {
    const { url } = await pg.info();
    const first = postmasterPid(dir);
    process.kill(first, 'SIGKILL');
    await waitFor(async () => postmasterPid(dir) !== first, 60_000, 'a new postmaster');
    await waitFor(async () => (await transportOf(url)) === 'socket', 60_000, 'the socket again');
  });

  it('starts again after stop(), on the same socket, even when the socket’s lock names another live program', async () => {
    const { url, port } = await pg.info();
    await pg.stop();
    const socket = path.join(dir, 'socket', `.s.PGSQL.${port}`);
    expect(fs.existsSync(socket)).toBe(false); // a clean stop removes it
    // The lock of a killed server whose pid now belongs to another program of the server's user.
    const owner = fs.statSync(path.join(dir, 'pgdata'));
    const other = spawn('sleep', ['60'], { uid: owner.uid, gid: owner.gid, stdio: 'ignore' });
    try {
      fs.writeFileSync(`${socket}.lock`, `${other.pid}\n${dir}/pgdata\n`);
      await pg.start();
      expect((await pg.info()).url).toBe(url);
    } finally {
      other.kill('SIGKILL');
    }
    expect(await transportOf(url)).toBe('socket');
    expect(pg.output()).toMatch(/\.s\.PGSQL\.\d+\.lock names pid \d+, which is not a PostgreSQL server/);
  });
});

it('in a directory too deep for a socket path, the embedded PostgreSQL uses TCP on 127.0.0.1 and says so once', async () => {
  const dir = tempServerDir(`${'deep-'.repeat(20)}postgres`);
  const pg = controllablePostgres(dir, 'progress_monitor_deep_test');
  try {
    const url = await pg.start();
    const info = await pg.info();
    expect(info.socketDir).toBeUndefined();
    expect(url).toContain(`@127.0.0.1:${info.port}/`);
    expect(await transportOf(url)).toBe('127.0.0.1');
    const notices = pg
      .output()
      .match(/longer than 107 bytes: none made \(connecting over TCP to 127\.0\.0\.1:\d+\)/g);
    expect(notices).toHaveLength(1);
    expect(fs.existsSync(path.join(os.tmpdir(), `.s.PGSQL.${info.port}`))).toBe(false); // no socket at all
  } finally {
    await pg.close();
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  }
});
