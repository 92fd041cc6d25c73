import type { Page, Route } from 'playwright-core';
import { CommandBus } from '@nestjs/cqrs';
import { samplePdf } from '@app/evidence/testing';
import { ExecuteMilestoneCommand, type MilestoneCommandResult } from '@app/milestones';
import { SCHEDULE_LABELS_ZH } from '@app/milestones/labels';
import { PlanCatalogQueries } from '@app/plans';
import { loadDemoCatalog } from '../apps/cli/src/demo/demo-catalog';
import { runDemoScript } from '../apps/cli/src/demo/demo-runner';
import { buildDemoScript, DEFAULT_DEMO_SEED } from '../apps/cli/src/demo/demo-scenario';
import { settled } from './support/browser-app';
import { useBrowserApp } from './support/browser-fixture';
import { toToday } from './support/dashboard-app';
import { waitFor } from './support/service-process';

const M = 'sanqu-2020.T06-2021'; // lead 市工业和信息化局
const SIMULATED = '模拟数据（演示程序生成，不代表任何单位的真实工作情况）';
const DISCARD_QUESTION = '有未保存的修改，关闭将丢弃这些修改。确定关闭吗？';
/** Printed pages leave these out: the menu, the simulated-data banner (the first line says it), the date picker. */
const CHROME = ['.topbar', '.topbar nav', '[data-test=simulated-banner]', '.toolbar', '[data-test=as-of]'];

/*
 * Printing in a real browser (print media emulated) on demo data: the first line says 模拟数据 and the date the
 * figures are as of (the demo's last day, or the picker's date), the page names the filters or the 口径 in force,
 * and the menu, banners, picker and controls are left out. On the same service: Escape in a command form while
 * an evidence upload runs asks before it closes the form (and the upload with it).
 */
describe('dashboard: printed pages of demo data, and Escape while uploading (real browser)', () => {
  const f = useBrowserApp();
  let viewer: string;
  let reporter: string;
  let lastDay: string;

  beforeAll(async () => {
    // The demo simulator's first actions, through the command path as `npm run demo` plays them: demo data.
    const catalog = await loadDemoCatalog(f.t.app.get(PlanCatalogQueries));
    const script = buildDemoScript(DEFAULT_DEMO_SEED, catalog.milestones);
    const bus = f.t.app.get(CommandBus);
    await runDemoScript(
      { ...script, actions: script.actions.slice(0, 40), monthEnds: [] },
      {
        execute: async (id, command, options) =>
          (
            await bus.execute<ExecuteMilestoneCommand, MilestoneCommandResult>(
              new ExecuteMilestoneCommand(id, command, options),
            )
          ).position,
        scan: async () => 'ok',
      },
      catalog.unitNames,
    );
    lastDay = (await f.t.request('GET', '/api/v1/dashboard/session')).body.simulatedData
      .simulatedUntil as string;
    expect(lastDay).toMatch(/^2020-\d{2}-\d{2}$/);
    viewer = await f.app.token('viewer', '只读（打印测试）');
    reporter = await f.app.token('reporter', '工信局填报员', await f.app.unitId('市工业和信息化局'));
  }, 240_000);

  const open = (token: string, path: string) => f.app.open(token, { path, settled: true });
  const visible = (page: Page, selector: string): Promise<boolean> =>
    page.locator(selector).first().isVisible();
  const text = async (page: Page, selector: string): Promise<string> =>
    (await page.locator(selector).innerText()).replace(/\s+/g, ' ').trim();
  async function chromeHidden(page: Page): Promise<void> {
    for (const s of CHROME) expect({ s, shown: await visible(page, s) }).toEqual({ s, shown: false });
    // Every button (the pager's, exports, retries), not only the first one found.
    expect(await page.locator('.btn:visible').count()).toBe(0);
  }

  it('总览: 模拟数据 and the demo’s last day on the first line, the rates’ 口径 under the figures, no menu or buttons', async () => {
    const { page, context } = await open(viewer, '/');
    await page.waitForURL(new RegExp(`asOf=${lastDay}`));
    await page.locator('[data-test=kpis]').waitFor();
    // On screen: the banner says 模拟数据; the print line is not shown.
    expect(await visible(page, '[data-test=simulated-banner]')).toBe(true);
    expect(await visible(page, '[data-test=print-meta]')).toBe(false);

    await page.emulateMedia({ media: 'print' });
    expect(await text(page, '[data-test=print-meta]')).toBe(
      `三区并进重点任务督办 · ${SIMULATED} · 数据截至 ${lastDay}`,
    );
    expect(await text(page, 'main h1')).toBe(`总览 （截至 ${lastDay}）`);
    await chromeHidden(page);
    expect(await visible(page, '[data-test=kpis]')).toBe(true);
    const definitions = page.locator('[data-test=definitions]');
    expect(await definitions.isVisible()).toBe(true);
    for (const name of ['completionRate', 'punctualityRate'])
      expect(await definitions.locator(`[data-definition=${name}] dd`).innerText()).not.toBe('');
    await context.close();
  }, 120_000);

  it('里程碑 as of a date picked: that date, 模拟数据 and the filters in force printed; no filter form or pager buttons', async () => {
    const { page, context } = await open(viewer, '/milestones?asOf=2020-06-30&year=2021&schedule=not_due');
    await page.emulateMedia({ media: 'print' });
    expect(await text(page, '[data-test=print-meta]')).toBe(
      `三区并进重点任务督办 · ${SIMULATED} · 数据截至 2020-06-30`,
    );
    expect(await text(page, 'main h1')).toBe('里程碑 （截至 2020-06-30）');
    expect(await text(page, '[data-test=print-filters]')).toBe(
      `筛选条件：年度：2021；进度状态：${SCHEDULE_LABELS_ZH.not_due}`,
    );
    await chromeHidden(page);
    expect(await visible(page, '[data-test=filters]')).toBe(false);
    expect(await visible(page, '[data-test=result-count]')).toBe(true);
    // The list loads after the page mounts (its filter line is there at once): wait for its first row.
    await page.locator('[data-test=milestone-table] tbody tr').first().waitFor();

    // No filter: the printed list says it shows every milestone.
    await page.goto(`${f.t.baseUrl}/milestones?asOf=2020-06-30`);
    await settled(page);
    expect(await text(page, '[data-test=print-filters]')).toBe('筛选条件：无（全部里程碑）');
    await page.locator('[data-test=milestone-table] tbody tr').first().waitFor();
    await context.close();
  }, 120_000);

  it('年度回顾: the 口径 in force printed (not its switch), with 模拟数据 on the first line', async () => {
    const { page, context } = await open(viewer, '/retrospective/2020?basis=year-end');
    await page.emulateMedia({ media: 'print' });
    expect(await text(page, '[data-test=print-basis]')).toBe('口径：年末所知（截至 2020-12-31 录入的）');
    expect(await text(page, '[data-test=print-meta]')).toContain(SIMULATED);
    expect(await visible(page, '.segmented[aria-label=口径]')).toBe(false);
    expect(await visible(page, '.tabs')).toBe(false);
    await chromeHidden(page);
    await context.close();
  }, 120_000);

  it('Escape in a command form while a file uploads asks first: 取消 keeps form and upload, 确定 closes both', async () => {
    const reports = async (): Promise<number> =>
      ((await f.t.request('GET', `/api/v1/milestones/${M}/history`)).body as { type: string }[]).filter(
        (e) => e.type === 'ProgressReported',
      ).length;
    const before = await reports();
    const { page, context } = await open(reporter, `/milestones/${M}`);
    await toToday(page);
    await page.locator('[data-test=actions]').waitFor();
    const dialogs: string[] = [];
    let answer = false;
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void (answer ? d.accept() : d.dismiss());
    });
    const held: Route[] = [];
    await page.route('**/api/v1/evidence', (route: Route) => void held.push(route));

    await page.click('[data-test=action-progress]');
    const form = page.locator('[data-test=form-progress]');
    // Nothing typed: only the upload running makes the form one to ask about.
    await form
      .locator('[data-test=evidence-upload] input[type=file]')
      .setInputFiles({ name: '推介会签到表.pdf', mimeType: 'application/pdf', buffer: samplePdf() });
    await waitFor(async () => held.length === 1, 10_000, 'upload held');
    await form.locator('[data-test=uploading]').waitFor();

    await form.locator('input[name=percent]').press('Escape');
    await waitFor(async () => dialogs.length === 1, 5_000, 'asked');
    expect(dialogs).toEqual([DISCARD_QUESTION]);
    expect(await form.isVisible()).toBe(true);
    expect(await form.locator('[data-test=uploading] li').count()).toBe(1);

    answer = true;
    await form.locator('input[name=percent]').press('Escape');
    await form.waitFor({ state: 'detached' });
    expect(dialogs).toHaveLength(2);
    await held[0]!.abort().catch(() => undefined);
    expect(await reports()).toBe(before); // nothing was sent
    await context.close();
  }, 120_000);
});
