import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserServer } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../support/browser';
import globalSetup from './global-setup';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS build helper of the SPA
const { ensureDashboardBuild } = require('../../apps/dashboard/ensure-build.cjs') as {
  ensureDashboardBuild(o: { ifStale?: boolean }): 'fresh' | 'built' | 'unavailable' | 'failed';
};

/**
 * The e2e layer: the database of the integration tests, the browser of the browser tests (found or installed, and
 * launched once for the run: see `sharedChromium`), and the dashboard SPA built once up front. Otherwise the first
 * `npm start` of a test builds it inside that test's "ready within 60 s", and with several files at once a few
 * starts wait on that one build.
 */
export default async function e2eGlobalSetup(): Promise<void> {
  ensureChromium();
  // (launched first, it comes up while the rest is set up)
  const shared = sharedChromium();
  try {
    ensureDashboardBuild({ ifStale: true });
    await globalSetup();
  } catch (e) {
    // Jest runs no teardown after a failed setup: close the run's Chromium (and its directory) here.
    await shared;
    await (globalThis as { __PM_CHROMIUM__?: { close(): Promise<void> } }).__PM_CHROMIUM__?.close();
    delete process.env.PM_CHROMIUM_WS;
    throw e;
  }
  await shared;
}

/**
 * A directory only this user may enter (mkdtemp: 0700), short enough for the socket's path: Linux cuts a Unix
 * socket's path at 108 bytes without a word (Node 20 binds the cut path), which would put the socket beside the
 * directory; and plain enough for a `ws+unix:` URL. A long or unusual TMPDIR gives way to /tmp.
 */
function socketDirectory(): string {
  const fits = (d: string) =>
    Buffer.byteLength(path.join(d, 'pm-chromium-XXXXXX', 'ws')) <= 100 && /^[\w./-]+$/.test(d);
  const base = [os.tmpdir(), '/tmp'].find(fits);
  if (!base) throw new Error(`no directory for the socket (TMPDIR ${os.tmpdir()} is too long or unusual)`);
  return fs.mkdtempSync(path.join(base, 'pm-chromium-'));
}

/**
 * The run's Chromium, reachable only by this run: Playwright's browser server (`launchServer`: Chromium on a pipe,
 * no DevTools port) listening on a Unix socket in a directory only this user may enter (mode 0700), its endpoint in
 * PM_CHROMIUM_WS. A TCP listener would not do on a shared machine: Playwright's server answers any local user's
 * `GET /json` with its "unguessable" path. Each browser test file connects there (browser-app.ts's
 * `dashboardBrowser`) and works in browser contexts of its own, closed with its connection, instead of launching
 * one. Only for a run that asks (PM_SHARED_CHROMIUM=1: `test:real`'s lane of the browser tests). Without a Chromium
 * (the tests say why: browser.ts), or one that does not start or answer, there is none and each file launches its
 * own; this never fails the run. The global teardown closes it and removes the directory.
 */
async function sharedChromium(): Promise<void> {
  const g = globalThis as { __PM_CHROMIUM__?: { close(): Promise<void> } };
  const executablePath = process.env.PM_CHROMIUM_PATH;
  if (process.env.PM_SHARED_CHROMIUM !== '1' || !executablePath) return;
  if (process.env.PM_CHROMIUM_WS || g.__PM_CHROMIUM__) return;
  let dir = '';
  const close = async (server?: BrowserServer): Promise<void> => {
    await server?.close().catch(() => undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  };
  let server: BrowserServer | undefined;
  try {
    dir = socketDirectory();
    server = await chromium.launchServer({
      executablePath,
      args: CHROMIUM_ARGS,
      // (a path for the port: Node's server listens on that Unix socket, and the endpoint is its path)
      port: path.join(dir, 'ws') as unknown as number,
      timeout: 30_000,
    });
    const endpoint = unixWebSocket(server.wsEndpoint(), dir);
    await (await chromium.connect(endpoint, { timeout: 10_000 })).close();
    const launched = server;
    g.__PM_CHROMIUM__ = { close: () => close(launched) };
    // (a run stopped short, Ctrl-C included, leaves no directory behind)
    const made = dir;
    process.once('exit', () => fs.rmSync(made, { recursive: true, force: true }));
    process.env.PM_CHROMIUM_WS = endpoint;
  } catch (e) {
    process.stderr.write(`browser tests: no shared Chromium (${(e as Error).message.split('\n')[0]})\n`);
    await close(server);
  }
}

/** `<dir>/ws/<path>` as the WebSocket URL of that socket (`ws+unix:<socket>:<path>`); throws if it is not one. */
function unixWebSocket(endpoint: string, dir: string): string {
  const socket = path.join(dir, 'ws');
  if (!endpoint.startsWith(`${socket}/`))
    throw new Error(`the browser server listens at ${endpoint}, not on ${socket}`);
  return `ws+unix:${socket}:${endpoint.slice(socket.length)}`;
}
