import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEFAULT_DEMO_SEED, type DemoScript } from '../../apps/cli/src/demo/demo-scenario';
import { httpAlertScan, playDemo } from '../../apps/cli/src/demo/play-demo';
import { launchChromium } from './browser';
import { ROOT } from './run-cli';
import { waitFor } from './service-process';
import { ADMIN_TOKEN, startTestApp, type TestApp } from './test-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS build helper of the SPA
const { ensureDashboardBuild } = require('../../apps/dashboard/ensure-build.cjs') as {
  ensureDashboardBuild(o: {
    ifStale?: boolean;
    quiet?: boolean;
  }): 'fresh' | 'built' | 'unavailable' | 'failed';
};

export const DESKTOP = { width: 1440, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;
export const STEP_MS = 20_000;

export interface OpenOptions {
  readonly viewport?: { readonly width: number; readonly height: number };
  readonly acceptDownloads?: boolean;
  /** A phone's browser: touch, no mouse (no hover), the page's meta viewport honoured. */
  readonly touch?: boolean;
  /** The first URL (path and query) to open; default `/`. */
  readonly path?: string;
}

/**
 * The whole service on a fresh database holding the simulated 2020–2022 history (the demo's, seed sanqu-2020),
 * the SPA built, and Chromium: what the browser tests share. Every page's requests are recorded in `outside`
 * when they leave the service.
 */
export interface DashboardApp {
  readonly t: TestApp;
  readonly browser: Browser;
  readonly script: DemoScript;
  readonly outside: string[];
  token(role: string, name: string, unit?: string): Promise<string>;
  /** Signs in with a token in a new browser context and waits for the first screen. */
  open(token: string, opts?: OpenOptions): Promise<{ page: Page; context: BrowserContext }>;
  close(): Promise<void>;
}

/** The SPA built (when its sources changed) and Chromium launched: what every browser test needs first. */
export async function dashboardBrowser(): Promise<Browser> {
  expect(['fresh', 'built']).toContain(ensureDashboardBuild({ ifStale: true, quiet: true }));
  expect(fs.existsSync(path.join(ROOT, 'apps/dashboard/dist/index.html'))).toBe(true);
  return launchChromium();
}

/**
 * Signs in with a token in a new browser context of the service at `baseUrl` and waits for the first screen;
 * requests that leave the service are recorded in `outside`.
 */
export async function openSignedIn(
  browser: Browser,
  baseUrl: string,
  tokenValue: string,
  opts: OpenOptions = {},
  outside: string[] = [],
): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({
    ...(opts.acceptDownloads ? { acceptDownloads: true } : {}),
    ...(opts.touch ? { isMobile: true, hasTouch: true } : {}),
    viewport: opts.viewport ?? DESKTOP,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(`${baseUrl}/`) && !url.startsWith('data:') && !url.startsWith('blob:'))
      outside.push(url);
  });
  await page.goto(`${baseUrl}${opts.path ?? '/'}`);
  await page.fill('[data-test=token]', tokenValue);
  await page.click('[data-test=sign-in]');
  await page.waitForSelector('[data-test=who] .role-chip');
  return { page, context };
}

export async function startDashboardApp(): Promise<DashboardApp> {
  const browser = await dashboardBrowser();
  const t = await startTestApp({ IMPORT_SEED_ON_START: 'true', RATE_LIMIT_PER_MINUTE: '100000' });
  await waitFor(
    async () => (await t.request('GET', '/api/v1/plans')).body?.[0]?.counts?.milestones === 101,
    30_000,
    'seed plan',
  );
  const { script } = await playDemo(t.app, {
    seed: DEFAULT_DEMO_SEED,
    scan: httpAlertScan(t.baseUrl, ADMIN_TOKEN),
  });
  const outside: string[] = [];

  const token = async (role: string, name: string, unit?: string): Promise<string> => {
    const r = await t.request('POST', '/api/v1/tokens', {
      body: { role, name, ...(unit ? { unit } : {}) },
    });
    expect(r.status).toBe(201);
    return r.body.token as string;
  };

  const open = (tokenValue: string, opts: OpenOptions = {}) =>
    openSignedIn(browser, t.baseUrl, tokenValue, opts, outside);

  return {
    t,
    browser,
    script,
    outside,
    token,
    open,
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

/** Waits until the page has no request in flight that it shows as loading. */
export async function settled(page: Page): Promise<void> {
  // (polled from here: the page's Content-Security-Policy forbids the evaluated predicates of waitForFunction)
  const deadline = Date.now() + STEP_MS;
  while ((await page.locator('[aria-busy=true]').count()) > 0) {
    if (Date.now() > deadline) throw new Error(`${page.url()} still loading after ${STEP_MS / 1000} s`);
    await page.waitForTimeout(100);
  }
}

/** Switches the as-of picker to today (commands are only offered on today's state). */
export async function toToday(page: Page): Promise<void> {
  await page.click('[data-test=as-of-today]');
  await page.waitForURL((url) => !url.searchParams.has('asOf'));
  await settled(page);
}

/** How wide the document is, and the window. */
export async function overflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(
    '({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth })',
  );
}

/** Table cells with a few characters or more that are squeezed narrower than three characters. */
export async function squeezedCells(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('table.table td, table.table tbody th')]
    .filter((c) => c.getClientRects().length > 0 && c.innerText.trim().length >= 3)
    .filter((c) => c.getBoundingClientRect().width < 42)
    .map((c) => c.innerText.trim().slice(0, 30))`);
}

/** Visible controls a finger must hit (buttons, fields, the nav's links) smaller than 40 px on a side. */
export async function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll(
      'button, select, input:not([type=checkbox]):not([type=radio]), .nav a, a.btn')]
    .filter((e) => e.getClientRects().length > 0)
    .map((e) => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => r.height < 40 || (e.tagName === 'BUTTON' && r.width < 40))
    .map(([e, r]) => (e.innerText || e.getAttribute('aria-label') || e.tagName).trim().slice(0, 20)
      + ' ' + Math.round(r.width) + '×' + Math.round(r.height))`);
}
