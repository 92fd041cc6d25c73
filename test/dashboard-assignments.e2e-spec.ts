import { settled } from './support/browser-app';
import { startSeparatelyBrowserApp } from './support/assignments-browser-app';
import { PENGJIANG, TAISHAN } from './support/assignments-scenario';
import { expectText, texts, useBrowserApp } from './support/browser-fixture';
import { ADMIN_TOKEN } from './support/test-app';

/*
 * What a person does with a milestone led separately (分别牵头) by two units, one late — the scenario of
 * `assignments-scenario.ts` on 2021-07-31: sa-t24 (全市, due 2021-06-30) is 蓬江区政府's share accepted on time
 * (100 %) and 台山市政府's share at 80 %, 31 days overdue and red; sa-bay (大广海湾区) is 台山's alone, not due.
 * Hand-computed: the milestone shows the mean (100 + 80) / 2 = 90 % with the spread 80–100 %, the worst
 * schedule (已逾期, 31 days) and health (红). The list, the detail page, the agenda and the office's 销号 here; the
 * figures' names and the phone widths in dashboard-assignments-figures.e2e-spec.ts.
 */
describe('dashboard: a milestone led separately by two units, one late (real browser)', () => {
  const f = useBrowserApp(startSeparatelyBrowserApp);

  it('the list: 全市 filters the city-wide milestone; it shows 90 % (80–100 %), overdue and red, and expands to its two units', async () => {
    const { page, context } = await f.open(f.app.viewer, '/milestones?zone=%E5%85%A8%E5%B8%82');
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
    const { page, context } = await f.open(f.app.s.token[TAISHAN]!, '/milestones/sa-t24');
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
    const { page, context } = await f.open(ADMIN_TOKEN, '/milestones/sa-t24');
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

  it('the agenda: 台山 sees its own share of sa-t24 as overdue (not 蓬江’s accepted one)', async () => {
    const { page, context } = await f.open(f.app.s.token[TAISHAN]!, '/agenda');
    const item = page.locator('[data-agenda=overdue] li[data-milestone="sa-t24"]');
    await item.waitFor();
    await settled(page);
    expect(await item.locator('[data-test=own-share]').innerText()).toContain('共 2 个牵头单位分别牵头');
    expect(await item.locator('.badge-health').getAttribute('data-value')).toBe('red');
    expect(await item.innerText()).toContain('时限 2021-06-30');
    const pengjiang = await f.open(f.app.s.token[PENGJIANG]!, '/agenda');
    await pengjiang.page.locator('h1').waitFor();
    await settled(pengjiang.page);
    expect(await pengjiang.page.locator('li[data-milestone="sa-t24"]').count()).toBe(0);
    await pengjiang.context.close();
    await context.close();
  }, 120_000);

  it('the office’s 待办与核验: 台山’s claim awaits 销号 as an item naming its share; 销号 goes to that share', async () => {
    const claim = await f.t.request('POST', '/api/v1/milestones/sa-t24/completion', {
      token: f.app.s.token[TAISHAN]!,
      body: {
        completedOn: '2021-07-31',
        narrative: '台山段已完成',
        evidence: [{ name: '验收报告.pdf', sha256: 'a'.repeat(64) }],
      },
    });
    expect(claim.status).toBe(200);
    const { page, context } = await f.open(f.app.s.token.office!, '/agenda');
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
    await page.goto(`${f.t.baseUrl}/milestones/sa-t24`);
    const taishan = page.locator(`[data-test=assignments] tr[data-assignment="${TAISHAN}"]`);
    await expectText(taishan.locator('.badge-lifecycle'), '已销号');
    await expectText(page.locator('[data-test=status-row] .badge-lifecycle'), '已销号');
    await context.close();
  }, 120_000);
});
