import type { Page } from 'playwright-core';
import {
  overflow,
  PHONE,
  settled,
  startDashboardApp,
  toToday,
  type DashboardApp,
} from './support/dashboard-app';

/**
 * The dashboard in a phone's browser (390×844, touch, no mouse: how units and the office open it in WeChat), on the
 * simulated 2020–2022 history: the pages never scroll sideways, the menu leads everywhere, a unit's command form
 * can be sent with a finger, wide tables scroll in their own frame, form fields do not make the phone zoom, and
 * what a mouse would read on hover is written out.
 */

const PHONE_OPTS = { viewport: PHONE, touch: true } as const;

/** Form fields whose text is under 16 px: iOS Safari and WeChat zoom the page in when one takes the focus. */
const zoomingFields = (page: Page): Promise<string[]> =>
  page.evaluate(`[...document.querySelectorAll('input, select, textarea')]
    .filter((e) => e.getClientRects().length > 0 && parseFloat(getComputedStyle(e).fontSize) < 16)
    .map((e) => (e.dataset.test || e.name || e.type) + ' ' + getComputedStyle(e).fontSize)`);

/** A table's frame, after it was asked to scroll 200 px sideways. */
interface FrameScroll {
  tableWidth: number;
  frameRight: number;
  overflowX: string;
  scrolled: number;
  pageScrollX: number;
}

describe('dashboard in a phone browser (390×844, touch; real browser, simulated history)', () => {
  let d: DashboardApp;
  let office: string;
  let unit: string;
  /** The most overdue milestone, in progress: its first lead unit reports on it. */
  let overdue: string;
  let separately: string;

  beforeAll(async () => {
    d = await startDashboardApp();
    office = await d.token('supervisor', '督查室（手机浏览器）');
    const board = await d.t.request('GET', '/api/v1/milestones?sort=-daysLate&pageSize=200');
    const items = board.body.items as { id: string; leadUnits: { id: string }[]; assignments?: unknown[] }[];
    overdue = items[0]!.id;
    unit = await d.token('reporter', '填报员（手机浏览器）', items[0]!.leadUnits[0]!.id);
    separately = items.find((m) => (m.assignments ?? []).length > 1)!.id;
  }, 600_000); // the simulated history takes a minute, several on a busy machine

  afterAll(async () => {
    await d?.close();
  });

  it('every main page: nothing wider than the screen, no field that zooms, and the menu reaches every page', async () => {
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
    const { page, context } = await d.open(office, PHONE_OPTS);
    await page.goto(`${d.t.baseUrl}/milestones/${encodeURIComponent(separately)}`);
    const rows = page.locator('[data-test=assignments] tbody tr');
    await rows.first().waitFor();
    // (what is on the screen: a text hidden with CSS has no boxes)
    const written = await rows.evaluateAll((trs) =>
      trs.map((tr) => {
        const shown = tr.querySelector('[data-test=assignment-reasons]');
        return {
          hover: tr.querySelector('.badge-health')?.getAttribute('title') ?? '',
          shown: shown && shown.getClientRects().length > 0 ? (shown.textContent ?? '').trim() : '',
        };
      }),
    );
    expect(written.some((w) => w.hover !== '')).toBe(true);
    for (const w of written) expect(w.shown).toBe(w.hover);

    // The list too: each milestone's reasons under its health badge.
    await page.goto(`${d.t.baseUrl}/milestones?sort=-daysLate`);
    const listed = page.locator('[data-test=milestone-table] tbody tr[data-milestone]');
    await listed.first().waitFor();
    const onList = await listed.evaluateAll((trs) =>
      trs.map((tr) => {
        const shown = tr.querySelector('[data-test=milestone-reasons]');
        return {
          hover: tr.querySelector('.badge-health')?.getAttribute('title') ?? '',
          shown: shown && shown.getClientRects().length > 0 ? (shown.textContent ?? '').trim() : '',
        };
      }),
    );
    expect(onList.some((w) => w.hover !== '')).toBe(true);
    for (const w of onList) expect(w.shown).toBe(w.hover);

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
});
