import type { Page } from 'playwright-core';
import { FixedClock } from '@app/platform';
import { settled, startSeededBrowserApp } from './support/browser-app';
import { useBrowserApp } from './support/browser-fixture';
import { ADMIN_TOKEN } from './support/test-app';

/*
 * What the office and a unit see of a milestone led separately (分别牵头) on the seed plan: T02-2022 (建设项目 10个,
 * due 2022-12-31) is six district governments' shares. Played through the real command path: the office lowers
 * 开平's target to 8, 鹤山 reports 10 and 江海 reports 4; on 2023-01-31 every share is 31 days overdue and the
 * monitor raises one alert per unit. Hand-computed: 江海 4/10 = 40.0 %, 开平 8个（已调整） with no value, 鹤山
 * 10/10 = 100.0 %, the other three 10个 with no value. And T15-2021 (市农业农村局 alone): after the office
 * revises 信誉农场 to 8, the unit's 填报进展 form says 目标 8个.
 */
const M = 'sanqu-2020.T02-2022';
const T15 = 'sanqu-2020.T15-2021';
const FARMS = '打造建设粤港澳大湾区农产品供应基地（信誉农场）';
const UNITS = ['蓬江区政府', '江海区政府', '新会区政府', '台山市政府', '开平市政府', '鹤山市政府'];

describe('dashboard: a milestone led separately by six units, their figures and alerts apart (real browser)', () => {
  let agriculture: string;
  const clock = new FixedClock('2021-06-01T02:00:00Z');
  const f = useBrowserApp(() => startSeededBrowserApp({}, { clock }));

  beforeAll(async () => {
    const token = (unit: string) => f.app.token('reporter', `${unit} 填报员`, unit);
    const command = async (day: string, path: string, body: object, as?: string) => {
      clock.set(`${day}T02:00:00Z`);
      const r = await f.t.request('POST', `/api/v1/milestones/${path}`, {
        body,
        ...(as ? { token: as } : {}),
      });
      expect({ path, status: r.status, body: r.status === 200 ? 'ok' : r.body }).toEqual({
        path,
        status: 200,
        body: 'ok',
      });
    };
    agriculture = await token('dept-agriculture-rural');
    const [jianghai, heshan] = [await token('gov-jianghai'), await token('gov-heshan')];
    const reason = '用地调整';
    await command('2021-06-01', `${T15}/indicator-target`, { metric: FARMS, newTarget: 8, reason });
    await command('2022-05-10', `${M}/indicator-target`, {
      assignment: 'gov-kaiping',
      metric: '建设项目',
      newTarget: 8,
      reason,
    });
    const report = (actual: number) => ({
      percent: 40,
      narrative: `完成建设项目${actual}个`,
      indicatorActuals: [{ metric: '建设项目', actual }],
    });
    await command('2022-05-20', `${M}/progress`, report(10), heshan);
    await command('2022-05-21', `${M}/progress`, report(4), jianghai);
    clock.set('2023-01-31T04:00:00Z');
    const scan = await f.t.request('POST', '/api/v1/alerts:scan', { body: { asOf: '2023-01-31' } });
    expect(scan.status).toBe(200);
  }, 240_000);

  const texts = async (page: Page, selector: string): Promise<string[]> =>
    (await page.locator(selector).allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());

  it('指标: one row per lead unit, each with its own target, latest value and 完成度', async () => {
    const { page, context } = await f.app.open(ADMIN_TOKEN, {
      path: `/milestones/${M}`,
    });
    const rows = page.locator('[data-test=indicators] tr[data-metric="建设项目"]');
    await rows.first().waitFor();
    await settled(page);
    const row = async (i: number) =>
      (await rows.nth(i).locator('td').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
    expect(await rows.count()).toBe(6);
    expect(
      await texts(page, '[data-test=indicators] tr[data-metric="建设项目"] [data-test=indicator-unit]'),
    ).toEqual(UNITS);
    expect(await row(1)).toEqual([
      '建设项目',
      '江海区政府',
      '达到 10个',
      '10个',
      '4个 （2022-05-21）',
      '40.0%（未达标）',
    ]);
    expect(await row(4)).toEqual(['建设项目', '开平市政府', '达到 10个', '8个（已调整）', '—', '—']);
    expect(await row(5)).toEqual([
      '建设项目',
      '鹤山市政府',
      '达到 10个',
      '10个',
      '10个 （2022-05-20）',
      '100.0%（达标）',
    ]);
    expect(await row(0)).toEqual(['建设项目', '蓬江区政府', '达到 10个', '10个', '—', '—']);
    await context.close();
  }, 120_000);

  it('预警: each overdue card of the milestone names the unit it concerns, by name', async () => {
    const { page, context } = await f.app.open(ADMIN_TOKEN, {
      path: `/milestones/${M}`,
    });
    const units = `[data-test=alert-list] > li:has-text("已逾期") [data-test=alert-unit]`;
    await page.locator(units).first().waitFor();
    await settled(page);
    const want = UNITS.map((u) => `承办单位：${u}`).sort();
    expect((await texts(page, units)).sort()).toEqual(want);

    // 预警 (filtered to 开平's overdue alerts, among other milestones'): this milestone's card names 开平.
    await page.goto(`${f.t.baseUrl}/alerts?unit=gov-kaiping&rule=overdue`);
    const card = `[data-test=alert-list] > li:has(a[href="/milestones/${M}"])`;
    await page.locator(card).first().waitFor();
    await settled(page);
    expect(await texts(page, `${card} [data-test=alert-unit]`)).toEqual(['承办单位：开平市政府']);
    await context.close();
  }, 120_000);

  it('填报进展: the unit’s form states the current (revised) target of its indicator, not the plan’s', async () => {
    const { page, context } = await f.app.open(agriculture, {
      path: `/milestones/${T15}`,
    });
    await page.locator('[data-test=action-progress]').waitFor();
    await settled(page);
    await page.click('[data-test=action-progress]');
    const form = page.locator('[data-test=form-progress]');
    await form.waitFor();
    expect(await texts(page, '[data-test=form-progress] .indicator-input label')).toEqual([
      `${FARMS}（目标 8个）`,
      '粤港澳大湾区农产品加工企业（目标 5个）',
    ]);
    await context.close();
  }, 120_000);
});
