import type { Page } from 'playwright-core';
import { PHONE, settled } from './support/browser-app';
import { startSeparatelyBrowserApp } from './support/assignments-browser-app';
import { TAISHAN } from './support/assignments-scenario';
import { texts, useBrowserApp } from './support/browser-fixture';
import { overflow, squeezedCells } from './support/dashboard-app';
import { ADMIN_TOKEN } from './support/test-app';

/*
 * The figures of milestones led separately (分别牵头), by their names, and the pages that show the shares on a
 * phone — the scenario of `assignments-scenario.ts` on 2021-07-31 (see dashboard-assignments.e2e-spec.ts): one
 * city-wide milestone (sa-t24) is left out of the zone 大广海湾区.
 */
describe('dashboard: the figures of separately led milestones and their shares on a phone (real browser)', () => {
  const f = useBrowserApp(startSeparatelyBrowserApp);

  it('figures with one name: 按期完成率（已到期） with its definition; zones say what they leave out', async () => {
    // (the definitions are the API's own words; read without waiting for a position)
    const definitions = (await f.t.request('GET', '/api/v1/stats/zones')).body.definitions;
    const { page, context } = await f.open(f.app.viewer, '/');
    await page.locator('[data-test=kpis]').waitFor();
    await settled(page);
    expect(await page.locator('[data-test=kpi-ontime] + span').innerText()).toBe('按期完成率（已到期）');
    expect(await page.locator('[data-definition=punctualityRate] dd').innerText()).toBe(
      definitions.punctualityRate.zh,
    );
    expect(await page.locator('[data-test=city-wide-excluded]').innerText()).toContain(
      '另有 1 项全市任务未计入',
    );
    expect(await page.locator('[data-test=city-wide] strong').innerText()).toBe('全市');
    expect(await page.innerText('main')).not.toMatch(/未指定功能区|未划分功能区|全市性事项/);

    await page.goto(`${f.t.baseUrl}/rollups?by=zones`);
    await page.locator('[data-test=rollup-table]').waitFor();
    await settled(page);
    expect((await texts(page, '[data-test=rollup-table] tbody th')).sort()).toEqual(
      ['全市', '大广海湾区'].sort(),
    );
    expect(await page.locator('[data-test=city-wide-excluded]').innerText()).toContain(
      '另有 1 项全市任务未计入',
    );
    expect(await page.locator('[data-definition=punctualityRate] dt').innerText()).toBe(
      '按期完成率（已到期）',
    );

    await context.close();
  }, 120_000);

  it('on a phone (390×844) the shares fit: no sideways scrolling, no squeezed cells, on every page that shows them', async () => {
    const problems: string[] = [];
    const check = async (page: Page, path: string) => {
      await settled(page);
      const { scrollWidth, innerWidth } = await overflow(page);
      if (scrollWidth > PHONE.width)
        problems.push(`${path}: ${scrollWidth} px wide in a ${innerWidth} px window`);
      const squeezed = await squeezedCells(page);
      if (squeezed.length > 0) problems.push(`${path}: squeezed cells ${squeezed.slice(0, 5).join(' | ')}`);
    };
    const office = await f.open(ADMIN_TOKEN, '/milestones?zone=%E5%85%A8%E5%B8%82', { viewport: PHONE });
    await office.page.locator('[data-test=toggle-assignments]').click();
    await office.page.locator('[data-test=assignments]').waitFor();
    await check(office.page, '/milestones?zone=全市 (expanded)');
    await office.page.goto(`${f.t.baseUrl}/milestones/sa-t24`);
    await office.page.locator('[data-test=assignment-choice]').waitFor();
    await office.page.click('[data-test=action-rebaseline]');
    await office.page.locator('[data-test=form-rebaseline]').waitFor();
    await check(office.page, '/milestones/sa-t24 (re-baseline form)');
    for (const [path, ready] of [
      ['/', '[data-test=definitions]'],
      ['/rollups?by=zones', '[data-test=rollup-table]'],
      ['/rollups?by=units', '[data-test=rollup-table]'],
    ] as const) {
      await office.page.goto(`${f.t.baseUrl}${path}`);
      await office.page.locator(ready).first().waitFor();
      await check(office.page, path);
    }
    await office.context.close();
    const taishan = await f.open(f.app.s.token[TAISHAN]!, '/agenda', { viewport: PHONE });
    await taishan.page.locator('[data-test=own-share]').first().waitFor();
    await check(taishan.page, '/agenda (台山)');
    await taishan.context.close();
    expect(problems).toEqual([]);
  }, 120_000);
});

/*
 * The year-end review needs a plan with its tasks (the scenario's has none): on the seed plan, its rate is
 * 年度按期完成率 with the review's own definition next to it, and the lead-unit roll-up counts assignments.
 */
describe('dashboard: the year-end review names its rate (real browser, seed plan)', () => {
  const f = useBrowserApp();

  it('年度按期完成率 with its definition, assignments counted apart, no 按期率 and no （未划分功能区）', async () => {
    const review = (await f.t.request('GET', '/api/v1/reports/retrospective/2021?format=json')).body;
    const { page, context } = await f.open(ADMIN_TOKEN, '/retrospective/2021');
    await page.locator('[data-test=kpi-met-on-time]').waitFor();
    await settled(page);
    expect(await page.locator('[data-test=kpi-met-on-time] + span').innerText()).toBe('年度按期完成率');
    expect(await page.locator('[data-definition=metOnTimeRate] dt').innerText()).toBe('年度按期完成率');
    expect(await page.locator('[data-definition=metOnTimeRate] dd').innerText()).toBe(
      review.definitions.metOnTimeRate.zh,
    );
    expect(await page.locator('[data-test=assignment-totals]').innerText()).toContain(
      `共 ${review.assignmentTotals.total} 项`,
    );
    const main = await page.innerText('main');
    expect(main).not.toMatch(/按期率|未划分功能区|未指定功能区/);
    expect(main).toContain('全市');
    await context.close();
  }, 120_000);

  it('on a phone (390×844) the review, the overview and the list of the seed plan fit the width', async () => {
    const { page, context } = await f.open(ADMIN_TOKEN, '/', { viewport: PHONE });
    const wide: string[] = [];
    for (const [path, ready] of [
      ['/retrospective/2021', '[data-test=kpi-met-on-time]'],
      ['/', '[data-test=definitions]'],
      ['/milestones', '[data-test=milestone-table]'],
    ] as const) {
      await page.goto(`${f.t.baseUrl}${path}`);
      await page.locator(ready).first().waitFor();
      await settled(page);
      const { scrollWidth } = await overflow(page);
      if (scrollWidth > PHONE.width) wide.push(`${path}: ${scrollWidth} px`);
    }
    expect(wide).toEqual([]);
    await context.close();
  }, 120_000);
});
