import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '@app/platform';
import { readyStatus, startService, waitFor } from './support/service-process';

jest.setTimeout(300_000);

const ADMIN = 'e2e-admin-token-0123456789';

/**
 * A process sharing the embedded server of its DATA_DIR (the second `npm start`) follows the server when it comes
 * back on another port: its owner ended, the old port was taken meanwhile, and a third process started the server
 * again on a free port. Readiness is 503 while there is no server, never a 500, and 200 again once it follows.
 */
describe('npm start sharing the embedded PostgreSQL of another', () => {
  let dir: string;
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const env = async () => ({
    DATA_DIR: dir,
    PORT: String(await freePort()),
    DATABASE_URL: undefined,
    SMTP_URL: undefined,
    BOOTSTRAP_ADMIN_TOKEN: ADMIN,
    IMPORT_SEED_ON_START: 'false',
  });
  const runningFile = () => path.join(dir, 'postgres/running.json');
  const serverPort = (): number => {
    const { url } = JSON.parse(fs.readFileSync(runningFile(), 'utf8')) as { url?: string };
    return url === undefined ? 0 : Number(new URL(url).port);
  };
  /** What a request answers (the status code; 0 when no answer came). */
  const status = async (url: string): Promise<number> => {
    try {
      const r = await fetch(url, {
        headers: { authorization: `Bearer ${ADMIN}` },
        signal: AbortSignal.timeout(8000),
      });
      return r.status;
    } catch {
      return 0;
    }
  };

  it('follows the server to its new port: 503 meanwhile, never a 500, then 200', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-e2e-follow-'));
    fs.chmodSync(dir, 0o755);
    const a = startService(await env());
    await waitFor(async () => (await readyStatus(a.baseUrl)) === 200, 120_000, 'owner ready');
    const oldPort = serverPort();
    const b = startService(await env());
    let c: ReturnType<typeof startService> | undefined;
    const blocker = net.createServer((s) => s.destroy());
    const seen = new Set<number>();
    try {
      await waitFor(async () => (await readyStatus(b.baseUrl)) === 200, 120_000, 'sharer ready');
      expect(b.output()).not.toMatch(/taking it over/);

      // The owner ends while another process holds running.json as "starting" (this test, for a moment), and the
      // old port is taken by another program before the server can come back: the next owner uses another port.
      fs.writeFileSync(runningFile(), JSON.stringify({ pid: process.pid, by: 'test' }));
      // From here until it has followed, the sharer is asked all the time: readiness and an API read.
      let polling = true;
      const poller = (async () => {
        while (polling) {
          const answers = await Promise.all([
            status(`${b.baseUrl}/health/ready`),
            status(`${b.baseUrl}/api/v1/status/freshness`),
          ]);
          for (const code of answers) seen.add(code);
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      expect(await a.stop()).toBe(0);
      await new Promise<void>((resolve, reject) => {
        blocker.once('error', reject);
        blocker.listen(oldPort, '127.0.0.1', () => resolve());
      });
      await waitFor(async () => (await readyStatus(b.baseUrl)) === 503, 60_000, 'sharer not ready');

      c = startService(await env());
      // The third process claims the server (its own pid in the file reads as no live owner to it).
      fs.writeFileSync(runningFile(), JSON.stringify({ pid: c.child.pid, by: 'test-handoff' }));
      await waitFor(async () => (await readyStatus(c!.baseUrl)) === 200, 120_000, 'third ready');
      expect(serverPort()).not.toBe(oldPort);

      const followed = waitFor(
        async () => {
          const [ready, api] = await Promise.all([
            status(`${b.baseUrl}/health/ready`),
            status(`${b.baseUrl}/api/v1/status/freshness`),
          ]);
          seen.add(ready).add(api);
          return ready === 200 && api === 200;
        },
        60_000,
        'sharer ready again on the new port',
      );
      await expect(followed).resolves.toBeGreaterThanOrEqual(0);
      polling = false;
      await poller;
      expect(seen.has(503)).toBe(true);
      expect([...seen].filter((s) => s >= 500 && s !== 503)).toEqual([]);
      expect(b.output()).toMatch(/runs the server on port \d+ now: following it/);
    } finally {
      blocker.close();
      await a.stop();
      expect(await b.stop()).toBe(0);
      if (c) expect(await c.stop()).toBe(0);
    }
  });
});
