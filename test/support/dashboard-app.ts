import type { Page } from 'playwright-core';
import type { DemoScript } from '../../apps/cli/src/demo/demo-scenario';
import { settled, startSeededBrowserApp, type BrowserApp } from './browser-app';
import { demoHistoryTemplate, demoScriptOf } from './demo-history';

/**
 * The whole service on a database of its own holding the simulated 2020–2022 history (the demo's, seed sanqu-2020:
 * a copy of the run's template, see demo-history.ts), the SPA built, and Chromium: what the browser tests of the
 * simulated history share. Every page's requests are recorded in `outside` when they leave the service.
 */
export interface DashboardApp extends BrowserApp {
  readonly script: DemoScript;
}

export async function startDashboardApp(): Promise<DashboardApp> {
  const app = await startSeededBrowserApp({}, { copyOf: await demoHistoryTemplate() });
  try {
    return { ...app, script: await demoScriptOf(app.t) };
  } catch (e) {
    await app.close();
    throw e;
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
