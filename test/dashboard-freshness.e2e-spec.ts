import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, startSeededBrowserApp, type BrowserApp } from './support/browser-app';
import { useBrowserApp } from './support/browser-fixture';
import { overflow } from './support/dashboard-app';
import { waitFor } from './support/service-process';
import { ADMIN_TOKEN } from './support/test-app';

/*
 * The banner of every page that says the figures stopped moving: absent while every consumer is current, there with
 * the failing text once the milestone board's checkpoint records a failure (set by SQL, as the worker's loop does),
 * gone once it is cleared; on a desktop and a phone, as the office (viewer) and as an admin (the error line and
 * the operator's hint).
 */
describe('dashboard: the banner when the figures are not up to date (real browser)', () => {
  const f = useBrowserApp(startWithPg);
  let viewer: string;
  let position: number;

  beforeAll(async () => {
    const r = await f.app.pg.query<{ position: string }>(
      `SELECT position FROM consumer_checkpoints WHERE name = 'milestone-board'`,
    );
    position = Number(r.rows[0]?.position);
    viewer = await f.app.token('viewer', '督查室（只读）');
  }, 60_000);

  const banner = (page: Page) => page.locator('[data-test=freshness-banner]');
  /** The window gets the focus back: the banner asks again; resolves with that answer. */
  const refocus = (page: Page) =>
    Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/status/freshness')),
      page.evaluate("window.dispatchEvent(new Event('focus'))"),
    ]);
  const fail = () =>
    f.app.pg.query(`UPDATE consumer_checkpoints SET failing_since = '2026-12-05T02:02:00Z', failures = 7,
                     last_error = 'TypeError: payload.milestoneId is undefined', failing_position = position + 1
               WHERE name = 'milestone-board'`);
  const clear = () =>
    f.app.pg.query(`UPDATE consumer_checkpoints SET failing_since = NULL, failures = NULL, last_error = NULL,
                     failing_position = NULL WHERE name = 'milestone-board'`);

  const cases = [
    { label: 'desktop, the office', viewport: DESKTOP, token: () => viewer, admin: false },
    { label: 'phone, an admin', viewport: PHONE, token: () => ADMIN_TOKEN, admin: true },
  ];

  it.each(cases)('$label: absent when current, the failing text when stuck, gone when cleared', async (c) => {
    const { page, context } = await f.app.open(c.token(), { viewport: c.viewport });
    await refocus(page);
    expect(await banner(page).count()).toBe(0);
    expect(await page.locator('[role=status][aria-live=polite]').count()).toBeGreaterThan(0);

    await fail();
    await refocus(page);
    await banner(page).waitFor();
    expect(await page.locator('[data-test=freshness-failing]').innerText()).toContain(
      `数据更新已暂停：里程碑看板自 2026-12-05 10:02 起停在第 ${(position + 1).toLocaleString('en-US')} 号事件` +
        '（已重试 7 次）。页面上的数字截至该时刻，请联系系统管理员。',
    );
    const error = page.locator('[data-test=freshness-error]');
    const ops = page.locator('[data-test=freshness-ops]');
    if (c.admin) {
      expect(await error.innerText()).toBe('错误：TypeError: payload.milestoneId is undefined');
      expect(await ops.innerText()).toBe('运维：projections status / projections skip');
    } else {
      expect(await error.count()).toBe(0);
      expect(await ops.count()).toBe(0);
    }
    const o = await overflow(page);
    expect(o.scrollWidth).toBeLessThanOrEqual(o.innerWidth);
    const box = await banner(page).boundingBox();
    expect(box?.width).toBeLessThanOrEqual(c.viewport.width);

    // On another page too (the shell's), then gone on reload once cleared.
    if (c.viewport === PHONE) await page.click('[data-test=menu-toggle]');
    await page.locator('.nav a', { hasText: '预警' }).click();
    await page.waitForURL((url) => url.pathname === '/alerts');
    await banner(page).waitFor();
    await clear();
    await page.reload();
    await page.waitForSelector('[data-test=who] .role-chip');
    await refocus(page);
    expect(await banner(page).count()).toBe(0);
    await context.close();
  });
});

/**
 * The seeded app, once every consumer is at the head, and a `pg` client of its database (to set the board's
 * checkpoint as the worker's loop does); `close()` ends the client first, before the database is dropped.
 */
async function startWithPg(): Promise<BrowserApp & { pg: Client }> {
  const app = await startSeededBrowserApp();
  try {
    await waitFor(
      async () => (await app.t.request('GET', '/api/v1/status/freshness')).body?.consumers?.[1]?.lag === 0,
      30_000,
      'consumers at the head',
    );
    const pg = new Client({ connectionString: app.t.db.url });
    await pg.connect();
    return {
      ...app,
      pg,
      close: async () => {
        await pg.end();
        await app.close();
      },
    };
  } catch (e) {
    await app.close();
    throw e;
  }
}
