import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, settled } from './support/browser-app';
import {
  overflow,
  smallTapTargets,
  squeezedCells,
  startDashboardApp,
  type DashboardApp,
} from './support/dashboard-app';
import { phoneTouchTests } from './support/phone-touch-tests';

/**
 * Every page on a phone (390×844) and a desktop (1440×900), as the office (督查室) and as a unit (填报员), on the
 * simulated 2020–2022 history: no sideways scrolling, table cells that keep a few characters, charts laid out for
 * the width, controls a finger can hit (40 px), and the navigation reachable (a 菜单 button on a phone). Then, on
 * the same service (the simulated history is built once), a phone's browser with touch and no mouse:
 * `support/phone-touch-tests.ts`.
 */

/** Each page, and what shows once it has its data. */
const PAGES: [string, string][] = [
  ['/', '[data-test=kpis]'],
  ['/rollups', '[data-test=rollup-table]'],
  ['/rollups?by=units', '[data-test=rollup-table]'],
  ['/milestones', '[data-test=milestone-table]'],
  ['/milestones/MILESTONE', '[data-test=timeline]'],
  ['/agenda', 'main article.panel'],
  ['/alerts', '[data-test=alert-count]'],
  ['/retrospective/2021', 'main .kpis'],
];

const isPhone = (v: { width: number }): boolean => v.width < 600;

describe('dashboard on a phone and a desktop, as the office and as a unit (real browser, simulated history)', () => {
  let d: DashboardApp;
  const tokens: Record<'office' | 'unit', string> = { office: '', unit: '' };
  /** The most overdue milestone, in progress: its first lead unit reports on it. */
  let milestoneId: string;
  /** A milestone led separately by several units. */
  let separately: string;

  beforeAll(async () => {
    d = await startDashboardApp();
    tokens.office = await d.token('supervisor', '督查室（手机测试）');
    const board = await d.t.request('GET', '/api/v1/milestones?sort=-daysLate&pageSize=200');
    const items = board.body.items as { id: string; leadUnits: { id: string }[]; assignments?: unknown[] }[];
    milestoneId = items[0]!.id;
    tokens.unit = await d.token('reporter', '填报员（手机测试）', items[0]!.leadUnits[0]!.id);
    separately = items.find((m) => (m.assignments ?? []).length > 1)!.id;
  }, 600_000); // the simulated history takes a minute, several on a busy machine

  afterAll(async () => {
    await d?.close();
  });

  /** What is wrong with the page as it is now, at this width. */
  async function problemsOf(page: Page, viewport: { width: number }, label: string): Promise<string[]> {
    const problems: string[] = [];
    const { scrollWidth, innerWidth } = await overflow(page);
    if (scrollWidth > innerWidth)
      problems.push(`${label}: ${scrollWidth} px wide in a ${innerWidth} px window`);
    const squeezed = await squeezedCells(page);
    if (squeezed.length > 0) problems.push(`${label}: squeezed cells ${squeezed.slice(0, 5).join(' | ')}`);
    if (isPhone(viewport)) {
      const small = await smallTapTargets(page);
      if (small.length > 0)
        problems.push(`${label}: tap targets under 40 px ${small.slice(0, 6).join(' | ')}`);
    }
    return problems;
  }

  for (const viewport of [PHONE, DESKTOP]) {
    const size = `${viewport.width}×${viewport.height}`;

    it(`the sign-in page fits ${size}`, async () => {
      const page = await d.browser.newPage({ viewport });
      await page.goto(`${d.t.baseUrl}/`);
      await page.locator('[data-test=token]').waitFor();
      expect(await problemsOf(page, viewport, 'sign-in')).toEqual([]);
      await page.close();
    }, 60_000);

    for (const who of ['office', 'unit'] as const) {
      it(`every page fits ${size} as ${who === 'office' ? 'the office' : 'a unit'}: nothing sideways, readable, reachable`, async () => {
        const { page, context } = await d.open(tokens[who], { viewport });
        const problems: string[] = [];
        for (const [path, ready] of PAGES) {
          const p = path.replace('MILESTONE', encodeURIComponent(milestoneId));
          await page.goto(`${d.t.baseUrl}${p}`);
          await page.locator(ready).first().waitFor();
          await settled(page);
          problems.push(...(await problemsOf(page, viewport, p)));
          // The way to the other pages is on every page: the nav on a desktop, the menu button on a phone.
          const way = page.locator(isPhone(viewport) ? '[data-test=menu-toggle]' : 'nav.nav a').first();
          if (!(await way.isVisible())) problems.push(`${p}: no way to the other pages`);
        }
        expect(problems).toEqual([]);
        await context.close();
      }, 180_000);
    }

    it(`the navigation at ${size}: ${isPhone(viewport) ? 'a menu that opens, with links a finger can hit, and closes on a choice' : 'a row of links, no menu button'}`, async () => {
      const { page, context } = await d.open(tokens.office, { viewport });
      const links = page.locator('nav.nav a');
      const toggle = page.locator('[data-test=menu-toggle]');
      if (isPhone(viewport)) {
        expect(await links.first().isVisible()).toBe(false);
        expect(await toggle.getAttribute('aria-expanded')).toBe('false');
        await toggle.click();
        expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      } else {
        expect(await toggle.isVisible()).toBe(false);
      }
      expect(await links.allInnerTexts()).toEqual([
        '总览',
        '待办与核验',
        '分类汇总',
        '里程碑',
        '预警',
        '年度回顾',
        '通知设置',
      ]);
      for (const link of await links.all()) {
        expect(await link.isVisible()).toBe(true);
        const box = (await link.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
        if (isPhone(viewport)) expect(box.height).toBeGreaterThanOrEqual(40);
      }
      await links.filter({ hasText: '预警' }).click();
      await page.locator('[data-test=alert-count]').waitFor();
      expect(new URL(page.url()).pathname).toBe('/alerts');
      if (isPhone(viewport)) expect(await links.first().isVisible()).toBe(false);
      await context.close();
    }, 60_000);

    it(`the overview at ${size}: charts laid out for the width, the most-overdue table ${isPhone(viewport) ? 'as cards' : 'as a table'} with readable cells`, async () => {
      const { page, context } = await d.open(tokens.office, { viewport });
      await page.locator('.chart canvas').first().waitFor();
      await settled(page);
      const layout = isPhone(viewport) ? 'narrow' : 'wide';
      const charts = page.locator('.chart');
      expect(await charts.count()).toBe(3);
      expect(await page.locator(`.chart[data-layout=${layout}]`).count()).toBe(3);
      for (const chart of await charts.all()) {
        const box = (await chart.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      }
      const rowDisplay = await page.evaluate(
        "getComputedStyle(document.querySelector('[data-test=most-overdue] tbody tr')).display",
      );
      expect(rowDisplay).toBe(isPhone(viewport) ? 'block' : 'table-row');
      // Every cell at least three characters wide (a character is the cell's font size).
      const cells: { text: string; width: number; em: number }[] = await page.evaluate(
        `[...document.querySelectorAll('[data-test=most-overdue] tbody td')].map((td) => ({
          text: td.innerText.trim().slice(0, 20),
          width: td.getBoundingClientRect().width,
          em: parseFloat(getComputedStyle(td).fontSize),
        }))`,
      );
      expect(cells.length).toBeGreaterThan(0);
      expect(cells.filter((c) => c.width < 3 * c.em)).toEqual([]);
      await context.close();
    }, 60_000);
  }

  describe('in a phone browser (390×844, touch)', () => {
    phoneTouchTests(() => ({
      d,
      office: tokens.office,
      unit: tokens.unit,
      overdue: milestoneId,
      separately,
    }));
  });
});
