import type { Page } from 'playwright-core';
import { settled } from './support/browser-app';
import { useBrowserApp } from './support/browser-fixture';

/** A4 portrait less the print margins (210 mm − 2 × 10 mm) in CSS pixels: the width a printed page lays out in. */
const A4_PRINT_WIDTH = Math.floor((190 / 25.4) * 96);

/*
 * The office's daily work in a real browser: the 分类汇总 sort kept in the URL (reload, back), and a printed 里程碑
 * list (its key columns within the page, no controls, what it shows named). The keyboard through the inline forms:
 * dashboard-keyboard.e2e-spec.ts.
 */
describe('dashboard: sort in the URL, printing (real browser)', () => {
  const f = useBrowserApp();
  let office: string;

  beforeAll(async () => {
    office = await f.app.token('supervisor', '督查室（浏览器测试）');
  }, 60_000);

  const open = (path: string) => f.open(office, path);
  const historyLength = (page: Page): Promise<number> => page.evaluate('history.length');

  it('分类汇总 keeps its sort in the URL: after a reload and after a unit’s list and Back', async () => {
    const { page, context } = await open('/rollups?by=units');
    const header = (key: string) => page.locator(`[data-test=rollup-table] th:has([data-sort=${key}])`);
    expect(await header('red').getAttribute('aria-sort')).toBe('descending');
    const entries = await historyLength(page);
    await page.click('[data-sort=meanDaysLate]');
    await page.waitForURL((u) => u.searchParams.get('sort') === '-meanDaysLate');
    expect(await historyLength(page)).toBe(entries); // replaced, as the filters do
    const sortedAsShown = async () => {
      expect(await header('meanDaysLate').getAttribute('aria-sort')).toBe('descending');
      expect(await header('red').getAttribute('aria-sort')).toBe('none');
      const days = (await page.locator('td[data-col=meanDaysLate]').allInnerTexts()).map((s) => s.trim());
      const known = days.filter((d) => d !== '—').map(Number);
      expect(known).toEqual([...known].sort((a, b) => b - a));
      expect(days.slice(known.length).every((d) => d === '—')).toBe(true);
    };
    await sortedAsShown();

    await page.reload();
    await settled(page);
    await sortedAsShown();

    await page.locator('[data-test=rollup-table] tbody th a').first().click();
    await page.waitForURL(/\/milestones\?/);
    await settled(page);
    await page.goBack();
    await page.waitForURL(/\/rollups\?/);
    await settled(page);
    await sortedAsShown();
    expect(new URL(page.url()).searchParams.get('by')).toBe('units');

    // 里程碑 keeps its sort the same way (one mechanism): 逾期天数 ▲ after a reload.
    await page.goto(`${f.t.baseUrl}/milestones?health=red`);
    await settled(page);
    await page.locator('[data-test=milestone-table] th button', { hasText: '逾期天数' }).click();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'daysLate');
    await page.reload();
    await settled(page);
    expect(
      await page.locator('[data-test=milestone-table] th button', { hasText: '逾期天数' }).innerText(),
    ).toContain('▲');
    await context.close();
  }, 120_000);

  it('a printed 里程碑 list (A4 portrait) has its key columns on the page and says what it shows', async () => {
    const { page, context } = await open('/milestones?health=red');
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: A4_PRINT_WIDTH, height: 1100 });
    for (const gone of [
      '.topbar',
      '.toolbar',
      '[data-test=filters]',
      '.pager button',
      '[data-test=as-of-today]',
    ])
      expect(await page.locator(gone).first().isVisible()).toBe(false);
    expect(await page.locator('h1').innerText()).toContain('里程碑');
    expect(await page.locator('[data-test=print-meta]').innerText()).toMatch(/数据截至 \d{4}-\d{2}-\d{2}/);
    expect(await page.locator('[data-test=print-filters]').innerText()).toMatch(/筛选条件：健康度：红/);
    const table = page.locator('[data-test=milestone-table]');
    for (const name of ['事项', '办理', '进度状态', '健康度', '逾期天数']) {
      const box = await table.locator('thead th', { hasText: name }).first().boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x + box!.width).toBeLessThanOrEqual(A4_PRINT_WIDTH);
    }
    const wide: { scroll: number; client: number; head: string } = await page.evaluate(`(() => {
      const t = document.querySelector('[data-test=milestone-table]');
      return { scroll: document.scrollingElement.scrollWidth, client: window.innerWidth,
               head: getComputedStyle(t.tHead).display };
    })()`);
    expect(wide.scroll).toBeLessThanOrEqual(wide.client);
    expect(wide.head).toBe('table-header-group'); // repeated on every sheet
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  }, 120_000);

  it('printed pages say which page, 口径 and filters they show; an unknown sort falls back to the default', async () => {
    const { page, context } = await open('/milestones?page=2&sort=bogus');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('[data-test=milestone-table] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('.pager').innerText()).toMatch(/^第 2 \/ \d+ 页$/);
    const line = async (path: string, test: string): Promise<string> => {
      await page.goto(`${f.t.baseUrl}${path}`);
      await settled(page);
      return page.locator(`[data-test=${test}]`).innerText();
    };
    expect(await line('/alerts?rule=overdue', 'print-filters')).toBe(
      '筛选条件：状态：待处理；规则：已逾期；级别：全部；单位：全部',
    );
    expect(await line('/retrospective/2021?basis=year-end', 'print-basis')).toBe(
      '口径：年末所知（截至 2021-12-31 录入的）',
    );
    expect(await page.locator('.segmented[aria-label=口径]').isVisible()).toBe(false);
    await context.close();
  }, 120_000);
});
