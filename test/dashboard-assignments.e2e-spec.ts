import type { Page } from 'playwright-core';
import { PHONE, settled, startSeededBrowserApp, withBrowser, type BrowserApp } from './support/browser-app';
import { overflow, squeezedCells } from './support/dashboard-app';
import {
  PENGJIANG,
  startSeparatelyScenario,
  TAISHAN,
  type SeparatelyScenario,
} from './support/assignments-scenario';
import { ADMIN_TOKEN, type TestApp } from './support/test-app';

/*
 * What a person sees of a milestone led separately (分别牵头) by two units, one late — the scenario of
 * `assignments-scenario.ts` on 2021-07-31: sa-t24 (全市, due 2021-06-30) is 蓬江区政府's share accepted on time
 * (100 %) and 台山市政府's share at 80 %, 31 days overdue and red; sa-bay (大广海湾区) is 台山's alone, not due.
 * Hand-computed: the milestone shows the mean (100 + 80) / 2 = 90 % with the spread 80–100 %, the worst
 * schedule (已逾期, 31 days) and health (红); one city-wide milestone is left out of the zone 大广海湾区.
 */
describe('dashboard: a milestone led separately by two units, one late (real browser)', () => {
  let s: SeparatelyScenario;
  let app: BrowserApp;
  let viewer: string;

  beforeAll(async () => {
    s = await startSeparatelyScenario();
    app = await withBrowser(s.t);
    viewer = await app.token('viewer', '只读（浏览器测试）');
  }, 240_000);

  afterAll(async () => {
    await (app ?? s?.t)?.close();
  });

  const open = (token: string, path: string) => app.open(token, { path });
  const texts = async (page: Page, selector: string): Promise<string[]> =>
    (await page.locator(selector).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

  it('the list: 全市 filters the city-wide milestone; it shows 90 % (80–100 %), overdue and red, and expands to its two units', async () => {
    const { page, context } = await open(viewer, '/milestones?zone=%E5%85%A8%E5%B8%82');
    await page.locator('[data-test=result-count]').waitFor();
    await settled(page);
    expect(await page.locator('[data-test=result-count]').innerText()).toBe('共 1 个里程碑');
    expect(await page.locator('[data-test=filter-zone]').inputValue()).toBe('全市');
    const row = page.locator('tr[data-milestone="sa-t24"]');
    expect((await row.locator('[data-test=percent]').innerText()).replace(/\s+/g, ' ')).toBe('90% 80–100%');
    expect(await row.locator('.badge-schedule').getAttribute('data-value')).toBe('overdue');
    expect(await row.locator('.badge-health').getAttribute('data-value')).toBe('red');
    expect(await row.locator('td[data-label=逾期天数]').innerText()).toBe('31');
    expect(await page.innerText('main')).not.toMatch(/未指定功能区|未划分功能区/);

    await row.locator('[data-test=toggle-assignments]').click();
    const shares = page.locator('tr[data-assignments-of="sa-t24"] [data-test=assignments] tbody tr');
    await shares.first().waitFor();
    expect(await texts(page, 'tr[data-assignments-of="sa-t24"] [data-test=assignment-unit]')).toEqual([
      '蓬江区政府',
      '台山市政府',
    ]);
    const pengjiang = shares.nth(0);
    expect(await pengjiang.getAttribute('data-assignment')).toBe(PENGJIANG);
    expect(await pengjiang.locator('.badge-lifecycle').innerText()).toBe('已销号');
    expect(await pengjiang.locator('.badge-schedule').innerText()).toBe('按期完成');
    expect(await pengjiang.locator('td[data-label=进度]').innerText()).toBe('100%');
    const taishan = shares.nth(1);
    expect(await taishan.locator('.badge-lifecycle').innerText()).toBe('推进中');
    expect(await taishan.locator('td[data-label=进度状态]').innerText()).toMatch(/^已逾期\s*31 天$/);
    expect(await taishan.locator('.badge-health').getAttribute('data-value')).toBe('red');
    expect(await taishan.locator('td[data-label=完成时限]').innerText()).toBe('2021-06-30');
    expect(await taishan.locator('td[data-label=最近报送]').innerText()).toBe('2021-06-28');
    await context.close();
  }, 120_000);

  it('the detail page: a 台山 reporter reports on its own share (preselected), the table and its health history follow', async () => {
    const { page, context } = await open(s.token[TAISHAN]!, '/milestones/sa-t24');
    await page.locator('[data-test=assignments]').waitFor();
    await settled(page);
    expect(await page.locator('[data-test=own-assignment]').innerText()).toBe('台山市政府');
    expect(await page.locator('[data-test=assignment-choice]').count()).toBe(0);
    // 蓬江's share is accepted, 台山's is open: 台山 may report and claim completion of its own share.
    expect(await texts(page, '[data-test=actions] .action-buttons button')).toEqual([
      '填报进展',
      '报告延期',
      '提交完成',
    ]);

    await page.click('[data-test=action-progress]');
    const form = page.locator('[data-test=form-progress]');
    expect(await form.locator('.hint').first().innerText()).toBe('当前 80%');
    await form.locator('input[name=percent]').fill('95');
    await form.locator('textarea[name=narrative]').fill('台山段路面施工');
    await form.locator('[data-test=submit]').click();
    await page.locator('[data-test=flash]').waitFor();
    expect(await page.locator('[data-test=flash]').innerText()).toContain('填报进展（台山市政府）');
    const taishan = page.locator(`[data-test=assignments] tr[data-assignment="${TAISHAN}"]`);
    await expectText(taishan.locator('td[data-label=进度]'), '95%');
    await expectText(
      page.locator('[data-test=status-row] [data-test=percent]'),
      /进度 97\.5%（各承办事项平均；95–100%）/,
    );

    // Health history: one per share; 台山's is red since 06-28, overdue since 07-01.
    await page.click(`[data-test=health-assignment] button[data-assignment="${TAISHAN}"]`);
    await page.locator(`[data-test=health-history][data-assignment="${TAISHAN}"]`).waitFor();
    await settled(page);
    const rows = await texts(page, '[data-test=health-history] tbody tr');
    expect(rows.find((r) => r.startsWith('2021-07-01'))).toMatch(/^2021-07-01 红灯 .*逾期/);
    expect(rows.find((r) => r.startsWith('2021-06-28'))).toMatch(/^2021-06-28 红灯/);
    await page.click(`[data-test=health-assignment] button[data-assignment="${PENGJIANG}"]`);
    await page.locator(`[data-test=health-history][data-assignment="${PENGJIANG}"]`).waitFor();
    await settled(page);
    expect((await texts(page, '[data-test=health-history] tbody tr'))[0]).toMatch(/^2021-06-25 绿灯/);
    await context.close();
  }, 120_000);

  it('the office chooses the share: without one only the whole milestone’s tools are offered; with one its commands, sent for it', async () => {
    const { page, context } = await open(ADMIN_TOKEN, '/milestones/sa-t24');
    await page.locator('[data-test=assignment-choice]').waitFor();
    await settled(page);
    // (the API's answer: reports and claims name a share; re-baseline, target and cancellation may take the whole)
    expect(await texts(page, '[data-test=actions] .action-buttons button')).toEqual([
      '调整时限',
      '调整指标目标',
      '取消',
    ]);
    expect(await page.locator('[data-test=assignment-pick]').innerText()).toContain(
      '填报、销号等请先选择承办单位',
    );

    await page.selectOption('[data-test=assignment-choice]', TAISHAN);
    await page.locator('[data-test=action-delays]').waitFor();
    await page.click('[data-test=action-delays]');
    const form = page.locator('[data-test=form-delays]');
    await form.locator('textarea[name=reason]').fill('征地未完成');
    await form.locator('input[name=forecastDate]').fill('2021-09-30');
    await form.locator('[data-test=submit]').click();
    await page.locator('[data-test=flash]').waitFor();
    expect(await page.locator('[data-test=flash]').innerText()).toContain('报告延期（台山市政府）');
    expect(await page.innerText('main')).not.toMatch(/ASSIGNMENT/);
    const last = page.locator('[data-test=timeline] li').first();
    await expectText(last, /征地未完成/);
    await context.close();
  }, 120_000);

  it('figures with one name: 按期完成率（已到期） with its definition; zones say what they leave out', async () => {
    // (the definitions are the API's own words; read without waiting for a position)
    const definitions = (await s.t.request('GET', '/api/v1/stats/zones')).body.definitions;
    const { page, context } = await open(viewer, '/');
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

    await page.goto(`${s.t.baseUrl}/rollups?by=zones`);
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
    const office = await app.open(ADMIN_TOKEN, {
      viewport: PHONE,
      path: '/milestones?zone=%E5%85%A8%E5%B8%82',
    });
    await office.page.locator('[data-test=toggle-assignments]').click();
    await office.page.locator('[data-test=assignments]').waitFor();
    await check(office.page, '/milestones?zone=全市 (expanded)');
    await office.page.goto(`${s.t.baseUrl}/milestones/sa-t24`);
    await office.page.locator('[data-test=assignment-choice]').waitFor();
    await office.page.click('[data-test=action-rebaseline]');
    await office.page.locator('[data-test=form-rebaseline]').waitFor();
    await check(office.page, '/milestones/sa-t24 (re-baseline form)');
    for (const [path, ready] of [
      ['/', '[data-test=definitions]'],
      ['/rollups?by=zones', '[data-test=rollup-table]'],
      ['/rollups?by=units', '[data-test=rollup-table]'],
    ] as const) {
      await office.page.goto(`${s.t.baseUrl}${path}`);
      await office.page.locator(ready).first().waitFor();
      await check(office.page, path);
    }
    await office.context.close();
    const taishan = await app.open(s.token[TAISHAN]!, {
      viewport: PHONE,
      path: '/agenda',
    });
    await taishan.page.locator('[data-test=own-share]').first().waitFor();
    await check(taishan.page, '/agenda (台山)');
    await taishan.context.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it('the agenda: 台山 sees its own share of sa-t24 as overdue (not 蓬江’s accepted one)', async () => {
    const { page, context } = await open(s.token[TAISHAN]!, '/agenda');
    const item = page.locator('[data-agenda=overdue] li[data-milestone="sa-t24"]');
    await item.waitFor();
    await settled(page);
    expect(await item.locator('[data-test=own-share]').innerText()).toContain('共 2 个牵头单位分别牵头');
    expect(await item.locator('.badge-health').getAttribute('data-value')).toBe('red');
    expect(await item.innerText()).toContain('时限 2021-06-30');
    const pengjiang = await open(s.token[PENGJIANG]!, '/agenda');
    await pengjiang.page.locator('h1').waitFor();
    await settled(pengjiang.page);
    expect(await pengjiang.page.locator('li[data-milestone="sa-t24"]').count()).toBe(0);
    await pengjiang.context.close();
    await context.close();
  }, 120_000);
  it('the office’s 待办与核验: 台山’s claim awaits 销号 as an item naming its share; 销号 goes to that share', async () => {
    const claim = await s.t.request('POST', '/api/v1/milestones/sa-t24/completion', {
      token: s.token[TAISHAN]!,
      body: {
        completedOn: '2021-07-31',
        narrative: '台山段已完成',
        evidence: [{ name: '验收报告.pdf', sha256: 'a'.repeat(64) }],
      },
    });
    expect(claim.status).toBe(200);
    const { page, context } = await app.open(s.token.office!, { path: '/agenda' });
    const item = page.locator(`[data-agenda=awaitingAcceptance] li[data-milestone="sa-t24"]`);
    await item.waitFor();
    await settled(page);
    expect(await item.count()).toBe(1);
    expect(await item.getAttribute('data-assignment')).toBe(TAISHAN);
    expect(await item.locator('[data-test=own-share]').innerText()).toMatch(/^台山市政府承办/);
    await item.locator('[data-test=agenda-acceptance]').click();
    await item.locator('[data-test=form-acceptance] [data-test=submit]').click();
    await page.locator('[data-test=flash]').waitFor();
    // The milestone as its card names it (task, title, year), not its id.
    const flash = await page.locator('[data-test=flash]').innerText();
    expect(flash).toMatch(/^已提交：核验销号（24\. .+ · \d{4}年）$/);
    await page.goto(`${s.t.baseUrl}/milestones/sa-t24`);
    const taishan = page.locator(`[data-test=assignments] tr[data-assignment="${TAISHAN}"]`);
    await expectText(taishan.locator('.badge-lifecycle'), '已销号');
    await expectText(page.locator('[data-test=status-row] .badge-lifecycle'), '已销号');
    await context.close();
  }, 120_000);
});

/*
 * The year-end review needs a plan with its tasks (the scenario's has none): on the seed plan, its rate is
 * 年度按期完成率 with the review's own definition next to it, and the lead-unit roll-up counts assignments.
 */
describe('dashboard: the year-end review names its rate (real browser, seed plan)', () => {
  let t: TestApp;
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startSeededBrowserApp();
    t = app.t;
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it('年度按期完成率 with its definition, assignments counted apart, no 按期率 and no （未划分功能区）', async () => {
    const review = (await t.request('GET', '/api/v1/reports/retrospective/2021?format=json')).body;
    const { page, context } = await app.open(ADMIN_TOKEN, {
      path: '/retrospective/2021',
    });
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
    const { page, context } = await app.open(ADMIN_TOKEN, { viewport: PHONE });
    const wide: string[] = [];
    for (const [path, ready] of [
      ['/retrospective/2021', '[data-test=kpi-met-on-time]'],
      ['/', '[data-test=definitions]'],
      ['/milestones', '[data-test=milestone-table]'],
    ] as const) {
      await page.goto(`${t.baseUrl}${path}`);
      await page.locator(ready).first().waitFor();
      await settled(page);
      const { scrollWidth } = await overflow(page);
      if (scrollWidth > PHONE.width) wide.push(`${path}: ${scrollWidth} px`);
    }
    expect(wide).toEqual([]);
    await context.close();
  }, 120_000);
});

/** Waits (generously) until a locator's text matches. */
async function expectText(
  locator: ReturnType<Page['locator']>,
  want: string | RegExp,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
    if (typeof want === 'string' ? last === want : want.test(last)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${String(want)}, saw "${last}"`);
}
