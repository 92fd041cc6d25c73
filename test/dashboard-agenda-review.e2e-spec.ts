import type { Page } from 'playwright-core';
import { settled } from './support/browser-app';
import { expectText, useBrowserApp } from './support/browser-fixture';
import { waitFor } from './support/service-process';

const M = 'sanqu-2020.T06-2021'; // lead 市工业和信息化局
const REASON = '佐证材料缺少验收签字页，请补充后重新提交';
const NARRATIVE = '全年引进投资超亿元项目 52 个，已全部签约落地';

/*
 * 我的待办 and 待办与核验 as people meet them: on a slow answer only 加载中…, never "nothing to do"; a unit sees why
 * its claim was returned (on its card and on the milestone page); the office, reviewing a claim, sees what the unit
 * wrote and the values it reported besides the files; the unit's own page shows no instruction meant for the office,
 * and an accepted milestone no forecast of an earlier delay report.
 */
describe('dashboard: 待办 while loading, 退回原因, the 销号 claim under review (real browser)', () => {
  const f = useBrowserApp();
  let reporter: string;
  let supervisor: string;

  const post = async (path: string, token: string, body: Record<string, unknown>): Promise<void> => {
    const r = await f.t.request('POST', `/api/v1/milestones/${M}/${path}`, { token, body });
    expect([r.status, r.body]).toEqual([200, expect.anything()]);
  };
  const lifecycle = async (): Promise<string> =>
    (
      (await f.t.request('GET', `/api/v1/milestones?q=${M}&pageSize=50`)).body.items as {
        id: string;
        lifecycle: string;
      }[]
    ).find((m) => m.id === M)!.lifecycle;
  const claimOf = (metric: string, narrative: string, actual: number) => ({
    completedOn: '2026-11-01',
    narrative,
    evidence: [{ name: '验收报告.pdf', sha256: 'b'.repeat(64) }],
    indicatorActuals: [{ metric, actual }],
  });
  const text = async (page: Page, selector: string): Promise<string> =>
    (await page.locator(selector).innerText()).replace(/\s+/g, ' ').trim();

  beforeAll(async () => {
    reporter = await f.app.token('reporter', '工信局填报员', await f.app.unitId('市工业和信息化局'));
    supervisor = await f.app.token('supervisor', '督查室');
  }, 240_000);

  it('on a slow answer 我的待办 shows 加载中…, never 「现在没有需要处理的事项」 or 「没有待处理的预警」, until it comes', async () => {
    const { page, context } = await f.app.open(reporter, { path: '/agenda' });
    await page.getByRole('heading', { name: /我的待办/ }).waitFor();
    await settled(page);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const held: string[] = [];
    await page.route(/\/api\/v1\/(units\/[^/]+\/agenda|alerts\?)/, async (route) => {
      held.push(route.request().url());
      await gate;
      await route.continue();
    });
    await page.reload();
    await page.getByRole('heading', { name: /我的待办/ }).waitFor();
    await waitFor(async () => held.length >= 2, 10_000, 'both requests held');
    await page.waitForTimeout(300);
    const whileSlow = await page.locator('main').innerText();
    expect(whileSlow).not.toContain('现在没有需要处理的事项');
    expect(whileSlow).not.toContain('没有待处理的预警');
    expect(await page.locator('[data-test=waiting]').allInnerTexts()).toEqual(['加载中…', '加载中…']);

    release();
    await page.locator(`[data-agenda] li[data-milestone="${M}"]`).first().waitFor();
    await settled(page);
    expect(await page.locator('[data-test=waiting]').count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain('没有待处理的预警。');
    await context.close();
  }, 120_000);

  it('a returned claim: the unit sees 退回原因 on its card and on the milestone page; the office reviews the new claim’s text and values', async () => {
    const plan = (await f.t.request('GET', `/api/v1/milestones/${M}`)).body as {
      indicators: { metric: string; unit: string }[];
    };
    const { metric, unit } = plan.indicators[0]!;
    expect(unit).not.toBe('');
    const claim = (narrative: string, actual: number) => claimOf(metric, narrative, actual);
    await post('completion', reporter, claim('第一次申请', 40));
    await post('return', supervisor, { reason: REASON });
    await waitFor(async () => (await lifecycle()) === 'returned', 15_000, 'board: returned');

    const { page, context } = await f.app.open(reporter, { path: '/agenda' });
    const card = page.locator(`[data-agenda=returned] li[data-milestone="${M}"]`);
    await card.waitFor();
    expect(
      await text(page, `[data-agenda=returned] li[data-milestone="${M}"] [data-test=return-reason]`),
    ).toBe(`退回原因：${REASON}`);
    await card.locator('a').first().click();
    await page.locator('[data-test=return-reason]').waitFor();
    expect(await text(page, '[data-test=return-reason]')).toBe(`退回原因：${REASON}`);
    await context.close();

    await post('completion', reporter, claim(NARRATIVE, 52));
    await waitFor(async () => (await lifecycle()) === 'submitted', 15_000, 'board: submitted');
    const office = await f.app.open(supervisor, { path: '/agenda' });
    const item = office.page.locator(`[data-agenda] li[data-milestone="${M}"]`);
    await item.locator('[data-test=agenda-acceptance]').click();
    const review = item.locator('[data-test=pending-evidence]');
    await review.locator('[data-test=evidence-list] li').first().waitFor();
    const scope = `[data-agenda] li[data-milestone="${M}"] [data-test=pending-evidence]`;
    expect(await text(office.page, `${scope} [data-test=claim-narrative]`)).toBe(`完成情况：${NARRATIVE}`);
    // With the plan's unit, as the 指标 table shows it (the plan comes with the form).
    await review.locator('[data-test=claim-actuals]', { hasText: `52${unit}` }).waitFor({ timeout: 5_000 });
    expect(await text(office.page, `${scope} [data-test=claim-actuals]`)).toBe(`${metric}：52${unit}`);
    expect(await text(office.page, `${scope} [data-test=verify-hint]`)).toContain('请打开材料核验');
    await office.context.close();
  }, 120_000);

  it('a 退回 refused as another session returned the claim: the agenda is up to date, the form keeps its reason, and the next try (a new claim meanwhile) goes through', async () => {
    // (the claim of the test before awaits verification)
    const { page, context } = await f.app.open(supervisor, { path: '/agenda' });
    const item = page.locator(`[data-agenda] li[data-milestone="${M}"]`);
    await item.locator('[data-test=agenda-return]').click();
    const form = item.locator('[data-test=form-return]');
    await form.locator('textarea[name=reason]').fill('请补充验收签字页');
    await post('return', supervisor, { reason: '另一处已退回' });

    // The lists cannot be loaded again just then: the error shows above them; the card, its form and text stay.
    await page.route('**/api/v1/milestones?*', (route) => route.abort());
    await form.locator('[data-test=submit]').click();
    await form.locator('[data-test=form-error]').waitFor();
    await page.locator('[data-test=error]', { hasText: '刷新失败' }).waitFor({ timeout: 10_000 });
    expect(await form.locator('textarea[name=reason]').inputValue()).toBe('请补充验收签字页');
    await page.unroute('**/api/v1/milestones?*');
    await page.locator('[data-test=error] button').click();
    // The lists again: the milestone no longer awaits verification (its buttons go), its card and form stay.
    await item.locator('[data-test=agenda-return]').waitFor({ state: 'detached', timeout: 10_000 });
    await settled(page);
    expect(await item.locator('[data-test=agenda-acceptance]').count()).toBe(0);
    expect(await form.isVisible()).toBe(true);
    expect(await form.locator('textarea[name=reason]').inputValue()).toBe('请补充验收签字页');

    // The unit claims again; the same form, sent again, is a new request (not the stored refusal replayed).
    const { metric } = (await f.t.request('GET', `/api/v1/milestones/${M}`)).body.indicators[0];
    await post('completion', reporter, claimOf(metric, NARRATIVE, 52));
    await form.locator('[data-test=submit]').click();
    await page.locator('[data-test=flash]').waitFor();
    await waitFor(async () => (await lifecycle()) === 'returned', 15_000, 'board: returned');
    await context.close();
    await post('completion', reporter, claimOf(metric, NARRATIVE, 52)); // for the next test
  }, 120_000);

  it('the unit’s own page: no instruction meant for the office; once accepted, no forecast of an earlier delay report', async () => {
    // (the claim of the test before awaits verification)
    const { page, context } = await f.app.open(reporter, { path: `/milestones/${M}` });
    const pending = page.locator('[data-test=pending-evidence]');
    await pending.waitFor();
    await settled(page);
    expect(await text(page, '[data-test=pending-evidence] [data-test=claim-narrative]')).toBe(
      `完成情况：${NARRATIVE}`,
    );
    // (whether the signed-in person may verify comes with the milestone's state, a request of its own)
    await page.locator('[data-test=lifecycle-now]').waitFor();
    expect(await pending.locator('[data-test=verify-hint]').count()).toBe(0);
    const { metric, unit } = (await f.t.request('GET', `/api/v1/milestones/${M}`)).body.indicators[0];
    expect(await text(page, '[data-test=pending-evidence] [data-test=claim-actuals]')).toBe(
      `${metric}：52${unit}`,
    );
    await context.close();

    await post('return', supervisor, { reason: '再补一份材料' });
    await post('delays', reporter, { reason: '验收推迟', forecastDate: '2027-03-31' });
    await post('completion', reporter, {
      completedOn: '2026-11-01',
      narrative: NARRATIVE,
      evidence: [{ name: '验收报告.pdf', sha256: 'c'.repeat(64) }],
    });
    await post('acceptance', supervisor, {});
    await waitFor(async () => (await lifecycle()) === 'accepted', 15_000, 'board: accepted');
    const again = await f.app.open(reporter, { path: `/milestones/${M}` });
    await again.page.locator('[data-test=timeline] li[data-type=CompletionAccepted]').waitFor();
    await settled(again.page);
    // (the status row is the board's answer, a request of its own: absent forecast only counts once it is there;
    // before it, the row shows the lifecycle from the milestone's state alone, so wait for the board's health)
    await again.page.locator('[data-test=status-row] .badge-health').waitFor();
    await expectText(again.page.locator('[data-test=status-row] .badge-lifecycle').first(), '已销号');
    expect(await text(again.page, '[data-test=status-row]')).not.toContain('预计完成');
    expect(await again.page.locator('[data-test=return-reason]').count()).toBe(0);
    await again.context.close();
  }, 120_000);
});
