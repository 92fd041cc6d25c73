import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Clock } from '@app/platform';
import { launchChromium } from './browser';
import { ROOT } from './run-cli';
import { createToken } from './seeded-app';
import { startSeededService } from './seeded-service';
import type { TestApp } from './test-app';

/*
 * What every browser test starts from: the SPA built, Chromium launched, the service it drives, and a way to sign
 * in there with a token (`open`). `startSeededBrowserApp()` starts the service on a fresh database with the seed
 * plan; `withBrowser(t)` puts the browser beside a service the test started itself (a scenario's).
 */

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
  /** After the first screen, also wait until the page has nothing loading (`settled`). */
  readonly settled?: boolean;
}

export interface Opened {
  readonly page: Page;
  readonly context: BrowserContext;
}

/** The service and Chromium as a browser test drives them. */
export interface BrowserApp {
  readonly t: TestApp;
  readonly browser: Browser;
  /** Requests of this app's pages that left the service. */
  readonly outside: string[];
  /** A new token of this role (a reporter's bound to the unit of id `unit`), made by the admin over HTTP. */
  token(role: string, name: string, unit?: string): Promise<string>;
  /** The id of the catalogue's unit of this name. */
  unitId(name: string): Promise<string>;
  /** Signs in with a token in a new browser context and waits for the first screen. */
  open(token: string, opts?: OpenOptions): Promise<Opened>;
  /** Closes the browser, then the service. */
  close(): Promise<void>;
}

/**
 * The SPA built (when its sources changed) and Chromium: what every browser test needs first. Chromium is the run's
 * (launched by the e2e setup, on a socket only this user reaches: a connection to it, whose contexts close with it)
 * or, without one, launched here.
 */
export async function dashboardBrowser(): Promise<Browser> {
  expect(['fresh', 'built']).toContain(ensureDashboardBuild({ ifStale: true, quiet: true }));
  expect(fs.existsSync(path.join(ROOT, 'apps/dashboard/dist/index.html'))).toBe(true);
  const shared = process.env.PM_CHROMIUM_WS;
  if (!shared) return launchChromium();
  // The run's Chromium gone (crashed): this file launches its own rather than fail.
  return chromium.connect(shared, { timeout: 10_000 }).catch((e: Error) => {
    process.stderr.write(`browser tests: the run's Chromium did not answer (${e.message.split('\n')[0]})\n`);
    return launchChromium();
  });
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
): Promise<Opened> {
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
  if (opts.settled) await settled(page);
  return { page, context };
}

/** Chromium beside a service the test started (a scenario's); `close()` closes both. */
export async function withBrowser(t: TestApp): Promise<BrowserApp> {
  let browser: Browser;
  try {
    browser = await dashboardBrowser();
  } catch (e) {
    await t.close();
    throw e;
  }
  const outside: string[] = [];
  return {
    t,
    browser,
    outside,
    token: (role, name, unit) => createToken(t, role, name, unit),
    unitId: async (name) => {
      const units = (await t.request('GET', '/api/v1/units')).body as { id: string; name: string }[];
      const unit = units.find((u) => u.name === name);
      if (!unit) throw new Error(`no unit named ${name} in the catalogue`);
      return unit.id;
    },
    open: (token, opts) => openSignedIn(browser, t.baseUrl, token, opts, outside),
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

/** `startSeededService`, with the SPA built and Chromium launched. */
export async function startSeededBrowserApp(
  env: Record<string, string> = {},
  opts: { clock?: Clock; copyOf?: string } = {},
): Promise<BrowserApp> {
  return withBrowser(await startSeededService(env, opts));
}
