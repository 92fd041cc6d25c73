import { chromium, type Browser } from 'playwright-core';
// eslint-disable-next-line no-restricted-imports -- jest's global setup runs without moduleNameMapper
import { freePort } from '../../libs/platform/src/database/free-port';
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
  ensureDashboardBuild({ ifStale: true });
  await globalSetup();
  await shared;
}

/**
 * The run's Chromium, its DevTools endpoint on loopback in PM_CHROMIUM_CDP: each browser test file connects there
 * (browser-app.ts's `dashboardBrowser`) and works in browser contexts of its own, closed with its connection,
 * instead of launching one. Only for a run that asks (PM_SHARED_CHROMIUM=1: `test:real`'s lane of the browser
 * tests). Without a Chromium (the tests say why: browser.ts), or one that does not start or answer, there is none
 * and each file launches its own; this never fails the run.
 */
async function sharedChromium(): Promise<void> {
  const g = globalThis as { __PM_CHROMIUM__?: Browser };
  const executablePath = process.env.PM_CHROMIUM_PATH;
  if (process.env.PM_SHARED_CHROMIUM !== '1' || !executablePath) return;
  if (process.env.PM_CHROMIUM_CDP || g.__PM_CHROMIUM__) return;
  let browser: Browser | undefined;
  try {
    const port = await freePort();
    browser = await chromium.launch({
      executablePath,
      args: [...CHROMIUM_ARGS, '--remote-debugging-address=127.0.0.1', `--remote-debugging-port=${port}`],
      timeout: 30_000,
    });
    const endpoint = `http://127.0.0.1:${port}`;
    await (await chromium.connectOverCDP(endpoint, { timeout: 10_000 })).close();
    g.__PM_CHROMIUM__ = browser;
    process.env.PM_CHROMIUM_CDP = endpoint;
  } catch (e) {
    process.stderr.write(`browser tests: no shared Chromium (${(e as Error).message.split('\n')[0]})\n`);
    await browser?.close().catch(() => undefined);
  }
}
