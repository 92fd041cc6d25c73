import type { Page } from 'playwright-core';
import { ADMIN_TOKEN } from './support/test-app';
import { settled } from './support/browser-app';
import { startDashboardApp, type DashboardApp } from './support/dashboard-app';

/**
 * What a person sees in a real browser (Chromium) on the simulated 2020–2022 history: the demo's first screen,
 * and time travel that shows nothing from after the chosen day (pages at phone and desktop widths:
 * dashboard-phones.e2e-spec.ts).
 */

const DAY_MS = 86_400_000;
const days = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** The plan-calendar day (Asia/Shanghai) of an instant. */
function planDay(iso: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(iso));
}

/**
 * The days of what happened to alerts, as the list says them: raised (触发), escalated (已升级), resolved (解除)
 * and acknowledged (于 … 确认). Plan dates in the texts (due dates, forecasts) are not events.
 */
async function alertEventDays(page: Page): Promise<string[]> {
  const texts = await page.locator('[data-test=alert-list] > li').allInnerTexts();
  const events = /(\d{4}-\d{2}-\d{2}) (?:触发|已升级|解除)|于 (\d{4}-\d{2}-\d{2}) \d{2}:\d{2} 确认/g;
  return texts.flatMap((t) => [...t.matchAll(events)].map((m) => m[1] ?? m[2]!));
}

describe('dashboard as a person sees it (real browser, simulated history)', () => {
  let d: DashboardApp;
  let supervisor: string;
  let viewer: string;
  let lastDay: string;

  beforeAll(async () => {
    d = await startDashboardApp();
    supervisor = await d.token('supervisor', '督查室（浏览器测试）');
    viewer = await d.token('viewer', '只读（浏览器测试）');
    const session = await d.t.request('GET', '/api/v1/dashboard/session');
    lastDay = session.body.simulatedData.simulatedUntil as string;
    expect(lastDay).toBe(planDay(session.body.simulatedData.lastOccurredAt as string));
  }, 600_000); // the simulated history takes a minute, several on a busy machine

  afterAll(async () => {
    await d?.close();
  });

  it('the demo opens on the last simulated day: the picker shows it, nothing is overdue past it', async () => {
    const { page, context } = await d.open(viewer);
    await page.waitForURL(new RegExp(`asOf=${lastDay}`));
    await page.locator('[data-test=kpis]').waitFor();
    await settled(page);
    expect(await page.inputValue('[data-test=as-of]')).toBe(lastDay);
    await expect(page.locator('main h1').innerText()).resolves.toContain(`截至 ${lastDay}`);
    const stats = await d.t.request('GET', `/api/v1/stats/zones?asOf=${lastDay}`);
    expect(await page.locator('[data-test=kpi-overdue]').innerText()).toBe(
      String(stats.body.overall.overdue),
    );
    const rows = page.locator('[data-test=most-overdue] tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) {
      const due = (await row.locator('td[data-label=完成时限]').innerText()).trim();
      const late = Number(await row.locator('td[data-label=逾期天数]').innerText());
      expect(late).toBeLessThanOrEqual(days(due, lastDay));
    }
    await context.close();
  }, 60_000);

  it('as of 2021-11-30, 预警, 待办 and 年度回顾 show nothing that happened later', async () => {
    const D = '2021-11-30';
    const { page, context } = await d.open(supervisor, { path: `/alerts?asOf=${D}&state=` });
    await page.locator('[data-test=alert-count]').waitFor();
    await settled(page);
    expect(await page.inputValue('[data-test=as-of]')).toBe(D);
    const api = await d.t.request('GET', `/api/v1/alerts?asOf=${D}&limit=1`, { token: ADMIN_TOKEN });
    await expect(page.locator('[data-test=alert-count]').innerText()).resolves.toContain(
      `共 ${api.body.total as number} 条`,
    );
    const alertDates = await alertEventDays(page);
    expect(alertDates.length).toBeGreaterThan(20);
    expect(alertDates.filter((x) => x > D)).toEqual([]);
    expect(await page.locator('[data-test=alert-list] > li.state-resolved').count()).toBeGreaterThan(0);
    // Weekly repeats counted up to the day, not beyond.
    for (const text of await page.locator('[data-test=alert-list] > li').allInnerTexts()) {
      const m = /(\d{4}-\d{2}-\d{2}) 触发，已重复提醒 (\d+) 次/.exec(text);
      if (m) expect(Number(m[2])).toBeLessThanOrEqual(Math.floor(days(m[1]!, D) / 7));
    }

    await page.click('nav >> text=待办与核验');
    await page.getByRole('heading', { name: '严重预警（待处理）' }).waitFor();
    await settled(page);
    expect(page.url()).toContain(`asOf=${D}`);
    expect((await alertEventDays(page)).filter((x) => x > D)).toEqual([]);

    await page.click('nav >> text=年度回顾');
    await page.locator('[data-test=downloads]').waitFor();
    await settled(page);
    await expect(page.locator('main h1').innerText()).resolves.toContain('2021 年度回顾');
    await expect(page.locator('main').innerText()).resolves.toContain(`评价日期 ${D}（年度未结束`);
    // Reasons quoted with the day they were given; no completion "after the year end" can be known yet.
    const reasonDays = (await page.locator('main .reasons li').allInnerTexts()).map((t) => t.slice(0, 10));
    expect(reasonDays.length).toBeGreaterThan(0);
    expect(reasonDays.filter((x) => x > D)).toEqual([]);
    await expect(page.locator('main').innerText()).resolves.not.toContain('年后于');
    await context.close();
  }, 90_000);

  /** The plan days in the text of `main`, but for when things were recorded (录入: the demo recorded all of it later). */
  async function shownDays(page: Page): Promise<string[]> {
    const text = (await page.locator('main').innerText()).replace(/录入：\d{4}-\d{2}-\d{2}/g, '');
    return [...text.matchAll(/\d{4}-\d{2}-\d{2}/g)].map((m) => m[0]);
  }

  it('the picker set to 2021-11-30: 总览 and a milestone page show nothing that happened later', async () => {
    const D = '2021-11-30';
    const { page, context } = await d.open(supervisor);
    await page.waitForURL(/asOf=/);
    await page.locator('[data-test=kpis]').waitFor();
    await settled(page);
    await page.fill('[data-test=as-of]', D);
    await page.waitForURL(new RegExp(`asOf=${D}`));
    await expect(page.locator('main h1').innerText()).resolves.toContain(`截至 ${D}`);
    await settled(page);
    const stats = await d.t.request('GET', `/api/v1/stats/zones?asOf=${D}`);
    expect(await page.locator('[data-test=kpi-overdue]').innerText()).toBe(
      String(stats.body.overall.overdue),
    );
    const overviewDays = await shownDays(page);
    expect(overviewDays.length).toBeGreaterThan(0);
    expect(overviewDays.filter((x) => x > D)).toEqual([]);

    // A milestone whose history goes on after that day: its page as it stood then (the picker's date kept).
    const board = await d.t.request('GET', `/api/v1/milestones?asOf=${D}&lifecycle=in_progress&pageSize=100`);
    let chosen: string | undefined;
    for (const { id } of board.body.items as { id: string }[]) {
      const history = await d.t.request('GET', `/api/v1/milestones/${encodeURIComponent(id)}/history`);
      const daysOf = (history.body as { occurredAt: string }[]).map((e) => planDay(e.occurredAt));
      if (daysOf.some((x) => x <= D) && daysOf.some((x) => x > D)) {
        chosen = id;
        break;
      }
    }
    expect(chosen).toBeDefined();
    await page.goto(`${d.t.baseUrl}/milestones/${encodeURIComponent(chosen!)}${new URL(page.url()).search}`);
    await page.locator('[data-test=timeline]').waitFor();
    await settled(page);
    expect(page.url()).toContain(`asOf=${D}`);
    expect(await page.inputValue('[data-test=as-of]')).toBe(D);
    const happened = (await page.locator('[data-test=timeline] > li:visible').allInnerTexts()).map(
      (t) => /发生：(\d{4}-\d{2}-\d{2})/.exec(t)?.[1],
    );
    expect(happened.length).toBeGreaterThan(0);
    expect(happened.filter((x) => x === undefined || x > D)).toEqual([]);
    // Its alerts and its health history end on that day too (plan dates, such as the due date, may be later).
    expect((await alertEventDays(page)).filter((x) => x > D)).toEqual([]);
    const healthText = (await page.locator('[data-test=health-history]').allInnerTexts()).join(' ');
    expect([...healthText.matchAll(/\d{4}-\d{2}-\d{2}/g)].map((m) => m[0]).filter((x) => x > D)).toEqual([]);
    await context.close();
  }, 90_000);
});
