import * as path from 'node:path';
import { ADMIN_TOKEN } from './support/test-app';
import { ROOT } from './support/run-cli';
import { waitFor } from './support/service-process';
import { settled, STEP_MS } from './support/browser-app';
import { downloaded, eventually, useBrowserApp } from './support/browser-fixture';
import { toToday } from './support/dashboard-app';
import { startDashboardWorkApp } from './support/dashboard-work-app';

/**
 * The dashboard in a real browser (Chromium driven by playwright-core) against the whole service on a fresh
 * database holding the simulated 2020–2022 history: what a reporter, the supervising office and a viewer do (their
 * milestones: `dashboard-work-app.ts`). Every page's requests are recorded: none may leave the service.
 */
describe('dashboard in a real browser', () => {
  // (the first file of a run to ask plays the simulated history: a minute, several on a busy machine)
  const f = useBrowserApp(startDashboardWorkApp, 600_000);

  it('a reporter filters, opens a milestone, reports progress (one plain message per field first), sees it in the timeline and the roll-up', async () => {
    const { page, context } = await f.app.open(f.app.reporter);
    await page.waitForURL(/\/agenda/);
    await page.getByRole('heading', { name: new RegExp(`我的待办`) }).waitFor();
    // The simulated history opens on its last day; reports are made on today's state.
    await toToday(page);

    const before = await f.app.unitRollup(page);

    // Filter the milestone list by the unit and a text search.
    await page.click('nav >> text=里程碑');
    await page.selectOption('[data-test=filter-unit]', f.app.unit.id);
    await page.waitForURL(/unit=/);
    await page.fill('[data-test=filter-q]', f.app.toReport.id);
    await page.waitForURL(/q=/);
    const link = page.locator(`tr[data-milestone="${f.app.toReport.id}"] [data-test=milestone-link]`);
    // (the unit's list, which holds it too, stays under the loading bar until the search answers)
    await eventually(() => page.locator('[data-test=milestone-table] tbody tr').count(), 1);
    await link.click();

    await page.waitForURL(new RegExp(`/milestones/${f.app.toReport.id.replace('.', '\\.')}`));
    await page.locator('[data-test=plan-text]').waitFor();
    await page.locator('[data-test=timeline] li').first().waitFor();
    const eventsBefore = await page.locator('[data-test=timeline] li').count();

    await page.click('[data-test=action-progress]');
    const form = page.locator('[data-test=form-progress]');
    // Sent empty: one message under each field that needs one, in plain Chinese, and nothing is sent.
    await form.locator('[data-test=submit]').click();
    await form.locator('[data-field=percent]').waitFor();
    expect(await form.locator('[data-field=percent]').allInnerTexts()).toEqual([
      '请填写完成进度（0–100 的整数）',
    ]);
    expect(await form.locator('[data-field=narrative]').allInnerTexts()).toEqual(['请填写本期进展']);
    expect(await form.locator('.field-error').count()).toBe(2);
    expect(await form.innerText()).not.toMatch(/数值过大|数值过小|必须是整数|percent/);
    // Out of range: the one message says what is allowed.
    await form.locator('input[name=percent]').fill('120');
    await form.locator('textarea[name=narrative]').fill('浏览器测试：完成剩余工作');
    await form.locator('[data-test=submit]').click();
    await expect(form.locator('[data-field=percent]').allInnerTexts()).resolves.toEqual([
      '完成进度应在 0 到 100 之间',
    ]);
    expect(await form.locator('.field-error').count()).toBe(1);
    expect(await page.locator('[data-test=timeline] li').count()).toBe(eventsBefore);

    await form.locator('input[name=percent]').fill('96');
    await form.locator('[data-test=submit]').click();
    await page.locator('[data-test=flash]').waitFor();
    // The timeline reloads (with X-Min-Position): one more entry, the new one first.
    await page.locator('[data-test=timeline] li').nth(eventsBefore).waitFor();
    const first = page.locator('[data-test=timeline] li').first();
    await expect(first.getAttribute('data-type')).resolves.toBe('ProgressReported');
    await expect(first.innerText()).resolves.toContain('浏览器测试：完成剩余工作');
    expect(await page.locator('[data-test=timeline] li').count()).toBe(eventsBefore + 1);
    expect(await first.evaluate((el) => el.classList.contains('backdated'))).toBe(false);

    // The roll-up moved: one grey fewer for the unit (the milestone has a fresh report now).
    const after = await f.app.unitRollup(page);
    expect(Number(after['grey'])).toBe(Number(before['grey']) - 1);
    expect(after['total']).toBe(before['total']);
    await context.close();
  }, 120_000);

  it('a supervisor accepts a submission (销号), acknowledges an alert, and the as-of date changes the overview', async () => {
    const { page, context } = await f.app.open(f.app.supervisor, { acceptDownloads: true });
    await page.locator('[data-test=simulated-banner]').waitFor();
    await toToday(page);

    // 待核验: accept the claim. The buttons of every listed milestone come from batched requests, none per milestone.
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await page.click('nav >> text=待办与核验');
    const item = page.locator(`[data-milestone="${f.app.toAccept.id}"]`).first();
    await item.waitFor();
    await item.locator('[data-test=agenda-acceptance]').click();
    expect(asked.filter((path) => path.endsWith('/commands'))).toEqual([]);
    expect(asked.filter((path) => path.endsWith('/milestones:commands')).length).toBeGreaterThan(0);
    await item.locator('[data-test=form-acceptance] textarea[name=note]').fill('材料齐全，同意销号（测试）');
    await item.locator('[data-test=form-acceptance] [data-test=submit]').click();
    await page.locator('[data-test=flash]').waitFor();
    const history = await f.t.request('GET', `/api/v1/milestones/${f.app.toAccept.id}/history`);
    expect(history.body.at(-1).type).toBe('CompletionAccepted');
    expect(history.body.at(-1).actor.tokenName).toBe('督查室（市发展改革局）');

    // Acknowledge the first open alert.
    await page.click('nav >> text=预警');
    const alert = page.locator('[data-test=alert-list] li.alert.state-open').first();
    await alert.waitFor();
    const alertId = (await alert.getAttribute('data-alert'))!;
    await alert.locator('[data-test=ack]').click();
    await alert.locator('[data-test=ack-note]').fill('已督促整改（测试）');
    await alert.locator('[data-test=ack-confirm]').click();
    await page.locator(`[data-alert="${alertId}"]`).waitFor({ state: 'detached' });
    const acked = await f.t.request('GET', `/api/v1/alerts/${encodeURIComponent(alertId)}`);
    expect(acked.body.state).toBe('acknowledged');
    expect(acked.body.acknowledged.note).toBe('已督促整改（测试）');

    // The as-of picker time-travels the overview.
    await page.click('nav >> text=总览');
    const accepted = page.locator('[data-test=kpi-accepted]');
    await accepted.waitFor();
    const today = await accepted.innerText();
    await page.click('.asof >> text=2020年末');
    await page.waitForURL(/asOf=2020-12-31/);
    await waitFor(async () => (await accepted.innerText()).trim() !== today.trim(), STEP_MS, 'as-of change');
    expect(Number(await accepted.innerText())).toBeLessThan(Number(today));
    await page.locator('[data-test=travel-note]').waitFor();

    // The year-end review: downloads go through the API with the token (Excel and CSV here).
    await page.goto(`${f.t.baseUrl}/retrospective/2021`);
    await settled(page);
    await page.locator('[data-test=downloads]').waitFor();
    for (const format of ['xlsx', 'csv']) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click(`[data-test=downloads] a[data-format=${format}]`),
      ]);
      // The Chinese name (filename*); the page is still as of 2020-12-31, so the 2021 review is provisional.
      expect(download.suggestedFilename()).toBe(
        `2021年度回顾（截至2020-12-31）${format === 'csv' ? '-里程碑明细' : ''}.${format}`,
      );
      expect((await downloaded(download)).length).toBeGreaterThan(1000);
    }

    if (process.env.DASHBOARD_SCREENSHOT) {
      await page.click('.asof >> text=2022年末');
      await page.waitForURL(/asOf=2022-12-31/);
      await page.locator('.chart canvas').first().waitFor();
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.resolve(ROOT, process.env.DASHBOARD_SCREENSHOT), fullPage: true });
    }
    await context.close();
  }, 120_000);

  it('a viewer reads but gets no forms; static pages need no token; nothing was requested outside the service', async () => {
    const { page, context } = await f.app.open(f.app.viewer);
    // Today (`asOf=` empty): on the simulated history the page opens at its last day, where nobody gets forms.
    await page.goto(`${f.t.baseUrl}/milestones/${encodeURIComponent(f.app.toReport.id)}?asOf=`);
    await page.locator('[data-test=timeline] li').first().waitFor();
    // (the actions come with the milestone's state, a request of its own: absent until it answers)
    await page.locator('[data-test=lifecycle-now]').waitFor();
    expect(await page.locator('[data-test=actions]').count()).toBe(0);
    await context.close();

    const index = await fetch(`${f.t.baseUrl}/milestones/${encodeURIComponent(f.app.toReport.id)}`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    const api = await fetch(`${f.t.baseUrl}/api/v1/milestones`);
    expect(api.status).toBe(401);
    const missing = await fetch(`${f.t.baseUrl}/api/v1/nope`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(missing.headers.get('content-type')).toContain('application/problem+json');

    expect(f.app.outside).toEqual([]);
  }, 60_000);
});
