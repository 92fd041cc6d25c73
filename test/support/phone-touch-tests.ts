import type { Locator, Page } from 'playwright-core';
import { PHONE, settled } from './browser-app';
import { overflow, toToday, type DashboardApp } from './dashboard-app';

/**
 * The service with the simulated history as `dashboard-phones.e2e-spec.ts` starts it once for all its tests: the
 * office's and a unit's tokens, the most overdue milestone (in progress, the unit leads it) and one led separately.
 */
export interface PhoneFixture {
  readonly d: DashboardApp;
  readonly office: string;
  readonly unit: string;
  readonly overdue: string;
  readonly separately: string;
}

const PHONE_OPTS = { viewport: PHONE, touch: true } as const;

/** Form fields whose text is under 16 px: iOS Safari and WeChat zoom the page in when one takes the focus. */
const zoomingFields = (page: Page): Promise<string[]> =>
  page.evaluate(`[...document.querySelectorAll('input, select, textarea')]
    .filter((e) => e.getClientRects().length > 0 && parseFloat(getComputedStyle(e).fontSize) < 16)
    .map((e) => (e.dataset.test || e.name || e.type) + ' ' + getComputedStyle(e).fontSize)`);

/**
 * Each row's health reasons: the badge's title (what a mouse reads on hover) and the text under `written` that is on
 * the screen (a text hidden with CSS has no boxes).
 */
const reasonsOf = (rows: Locator, written: string): Promise<{ hover: string; shown: string }[]> =>
  rows.evaluateAll(
    (trs, selector) =>
      trs.map((tr) => {
        const shown = tr.querySelector(selector);
        return {
          hover: tr.querySelector('.badge-health')?.getAttribute('title') ?? '',
          shown: shown && shown.getClientRects().length > 0 ? (shown.textContent ?? '').trim() : '',
        };
      }),
    written,
  );

/** A table's frame, after it was asked to scroll 200 px sideways. */
interface FrameScroll {
  tableWidth: number;
  frameRight: number;
  overflowX: string;
  scrolled: number;
  pageScrollX: number;
}

/**
 * The dashboard in a phone's browser (390×844, touch, no mouse: how units and the office open it in WeChat): the
 * pages never scroll sideways, the menu leads everywhere, a unit's command form can be sent with a finger, wide
 * tables scroll in their own frame, form fields do not make the phone zoom, and what a mouse would read on hover is
 * written out. Registered by `dashboard-phones.e2e-spec.ts`, on its service.
 */
export function phoneTouchTests(fixture: () => PhoneFixture): void {
  it('every main page: nothing wider than the screen, no field that zooms, and the menu reaches every page', async () => {
    const { d, office, separately } = fixture();
    const { page, context } = await d.open(office, PHONE_OPTS);
    const pages: [string, string][] = [
      ['/', '[data-test=kpis]'],
      ['/agenda', 'main article.panel'],
      ['/rollups', '[data-test=rollup-table]'],
      ['/milestones', '[data-test=milestone-table]'],
      [`/milestones/${encodeURIComponent(separately)}`, '[data-test=timeline]'],
      ['/alerts', '[data-test=alert-count]'],
      ['/retrospective/2021', '[data-test=downloads]'],
      ['/notices', '[data-test^=tab-]'],
    ];
    const problems: string[] = [];
    for (const [path, ready] of pages) {
      await page.goto(`${d.t.baseUrl}${path}`);
      await page.locator(ready).first().waitFor();
      await settled(page);
      // Against the screen, not innerWidth: a touch (mobile) viewport widens to content wider than the screen.
      const { scrollWidth } = await overflow(page);
      if (scrollWidth > PHONE.width) problems.push(`${path}: ${scrollWidth} px wide in ${PHONE.width} px`);
      for (const f of await zoomingFields(page)) problems.push(`${path}: field ${f} zooms`);
      const toggle = page.locator('[data-test=menu-toggle]');
      const box = await toggle.boundingBox();
      if (!box || box.height < 40 || box.x + box.width > PHONE.width)
        problems.push(`${path}: no 菜单 button`);
    }
    expect(problems).toEqual([]);

    // The menu opens on a tap, its links fit the screen and a finger, a choice goes there and closes it.
    await page.locator('[data-test=menu-toggle]').tap();
    const links = page.locator('nav.nav a');
    expect(await links.count()).toBe(7);
    for (const link of await links.all()) {
      const box = (await link.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(40);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
    await links.filter({ hasText: '里程碑' }).tap();
    await page.locator('[data-test=milestone-table]').waitFor();
    expect(new URL(page.url()).pathname).toBe('/milestones');
    expect(await links.first().isVisible()).toBe(false);
    await context.close();
  }, 240_000);

  it("a unit's command form on a phone: fields that do not zoom, 提交 and 关闭 on the screen and big enough for a finger", async () => {
    const { d, unit, overdue } = fixture();
    const { page, context } = await d.open(unit, PHONE_OPTS);
    await toToday(page);
    await page.goto(`${d.t.baseUrl}/milestones/${encodeURIComponent(overdue)}`);
    await page.locator('[data-test=action-progress]').tap();
    const form = page.locator('form.cmd-form');
    await form.waitFor();
    expect(await zoomingFields(page)).toEqual([]);
    for (const button of [form.locator('[data-test=submit]'), form.locator('[data-test=close]')]) {
      await button.scrollIntoViewIfNeeded();
      expect(await button.isVisible()).toBe(true);
      const box = (await button.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(40);
      expect(box.width).toBeGreaterThanOrEqual(40);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    }
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  }, 120_000);

  it('wide tables scroll sideways in their own frame, the page does not', async () => {
    const { d, office } = fixture();
    const { page, context } = await d.open(office, PHONE_OPTS);
    const tables: [string, string][] = [
      ['/rollups', '[data-test=rollup-table]'],
      ['/retrospective/2021', '[data-test=retrospective-rollup]'],
    ];
    for (const [path, table] of tables) {
      await page.goto(`${d.t.baseUrl}${path}`);
      await page.locator(table).first().waitFor();
      await settled(page);
      // (a string: the tests are typed without the DOM's names)
      const frame: FrameScroll = await page.evaluate(`(() => {
        const t = document.querySelector(${JSON.stringify(table)});
        const wrap = t.parentElement;
        const before = wrap.scrollLeft;
        wrap.scrollLeft = 200;
        return {
          tableWidth: Math.round(t.getBoundingClientRect().width),
          frameRight: Math.round(wrap.getBoundingClientRect().right),
          overflowX: getComputedStyle(wrap).overflowX,
          scrolled: wrap.scrollLeft - before,
          pageScrollX: window.scrollX,
        };
      })()`);
      expect([path, frame.overflowX, frame.scrolled, frame.pageScrollX]).toEqual([path, 'auto', 200, 0]);
      expect(frame.tableWidth).toBeGreaterThan(PHONE.width);
      expect(frame.frameRight).toBeLessThanOrEqual(PHONE.width);
      expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    }
    await context.close();
  }, 120_000);

  it('no hover on a phone: the reasons of each milestone’s and share’s health are written out, download links fit a finger', async () => {
    const { d, office, separately } = fixture();
    const { page, context } = await d.open(office, PHONE_OPTS);
    // Each share's reasons on the milestone page, then each milestone's on the list: under its health badge.
    const lists: [string, string, string][] = [
      [
        `/milestones/${encodeURIComponent(separately)}`,
        '[data-test=assignments] tbody tr',
        'assignment-reasons',
      ],
      [
        '/milestones?sort=-daysLate',
        '[data-test=milestone-table] tbody tr[data-milestone]',
        'milestone-reasons',
      ],
    ];
    for (const [path, rowSelector, reasons] of lists) {
      await page.goto(`${d.t.baseUrl}${path}`);
      const rows = page.locator(rowSelector);
      await rows.first().waitFor();
      const written = await reasonsOf(rows, `[data-test=${reasons}]`);
      expect([path, written.some((w) => w.hover !== '')]).toEqual([path, true]);
      for (const w of written) expect(w.shown).toBe(w.hover);
    }

    await page.goto(`${d.t.baseUrl}/retrospective/2021`);
    const downloads = page.locator('[data-test=downloads] a[data-format]');
    await downloads.first().waitFor();
    expect(await downloads.count()).toBeGreaterThan(3);
    for (const a of await downloads.all()) {
      const box = (await a.boundingBox())!;
      expect([await a.innerText(), box.height >= 40, box.width >= 40]).toEqual([
        await a.innerText(),
        true,
        true,
      ]);
    }
    await context.close();
  }, 120_000);
}
