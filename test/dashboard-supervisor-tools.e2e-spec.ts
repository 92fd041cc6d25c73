import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, settled } from './support/browser-app';
import { eventually, expectText, useBrowserApp } from './support/browser-fixture';
import { overflow } from './support/dashboard-app';

const M = 'sanqu-2020.T06-2021'; // 2021, lead 市工业和信息化局, indicator 引进投资超亿元的产业项目 (target 50 个)
const CANCEL = 'sanqu-2020.T07-2021';
const METRIC = '引进投资超亿元的产业项目';
const REASON = '经市政府同意，顺延一个季度';

/*
 * Issue #15 points 7 and 10 in a real browser: the buttons are exactly the commands the API allows the signed-in
 * person; the office re-baselines, revises a target (old → new) and cancels (after a confirm step); a lead unit
 * sees 填报进展 but none of the office's tools; an empty progress form says one plain thing per field.
 */
describe('dashboard: the office’s tools and plain form messages (real browser)', () => {
  const f = useBrowserApp();
  let office: string;
  let lead: string;

  beforeAll(async () => {
    office = await f.app.token('supervisor', '督查室（浏览器测试）');
    lead = await f.app.token('reporter', '工信局填报员', await f.app.unitId('市工业和信息化局'));
  }, 60_000);

  const openMilestone = async (token: string, id: string, viewport: typeof DESKTOP | typeof PHONE) => {
    const opened = await f.app.open(token, { viewport, path: `/milestones/${id}` });
    await opened.page.locator('[data-test=actions]').waitFor();
    await settled(opened.page);
    return opened;
  };
  const buttons = async (page: Page) =>
    (await page.locator('[data-test=actions] .action-buttons button').allInnerTexts()).map((s) => s.trim());
  const fieldErrors = async (page: Page) =>
    (await page.locator('.cmd-form .field-error').allInnerTexts()).map((s) => s.trim());
  const fitsPhone = async (page: Page) =>
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);

  it.each([
    ['1440×900', DESKTOP],
    ['390×844', PHONE],
  ] as const)(
    'a lead unit (%s) sees 填报进展 but not the office’s tools; an empty form says one thing per field',
    async (_, viewport) => {
      const { page, context } = await openMilestone(lead, M, viewport);
      expect(await buttons(page)).toEqual(['填报进展', '报告延期', '提交完成']);
      await page.click('[data-test=action-progress]');
      const form = page.locator('[data-test=form-progress]');
      await form.waitFor();
      expect(await fieldErrors(page)).toEqual([]);
      await form.locator('[data-test=submit]').click();
      await form.locator('.field-error').first().waitFor();
      expect(await fieldErrors(page)).toEqual(['请填写完成进度（0–100 的整数）', '请填写本期进展']);
      expect(await form.innerText()).not.toMatch(/数值过大|数值过小|必须是整数/);
      await form.locator('input[name=percent]').fill('150');
      expect(await form.locator('[data-field=percent]').innerText()).toBe('完成进度应在 0 到 100 之间');
      if (viewport === PHONE) await fitsPhone(page);
      await context.close();
    },
    120_000,
  );

  it('the office re-baselines (1440×900): a new date and a reason are required; the page shows the new due date, the flash when the timeline has it', async () => {
    const { page, context } = await openMilestone(office, M, DESKTOP);
    expect(await buttons(page)).toEqual(['填报进展', '报告延期', '调整时限', '调整指标目标', '取消']);
    await page.click('[data-test=action-rebaseline]');
    const form = page.locator('[data-test=form-rebaseline]');
    expect(await form.locator('[data-test=current-due]').innerText()).toBe('现行时限 2021-12-31');
    await form.locator('[data-test=submit]').click();
    expect(await fieldErrors(page)).toEqual(['请选择新的完成时限', '请填写调整原因']);
    await form.locator('input[name=newDueDate]').fill('2022-03-31');
    await form.locator('textarea[name=reason]').fill(REASON);
    // The timeline's reload held back: the flash says it is still coming (the old list stays under the bar) …
    const hold = gate();
    const timeline = (url: URL) => url.pathname === `/api/v1/milestones/${M}/history`;
    await page.route(timeline, async (route) => {
      await hold.held;
      await route.continue();
    });
    try {
      await form.locator('[data-test=submit]').click();
      const flash = page.locator('[data-test=flash]');
      await expectText(flash, '已提交：调整时限。正在更新时间线…');
      await eventually(
        () => page.locator('[data-test=due-date]').innerText(),
        '2022-03-31（原计划 2021-12-31）',
      );
      const latest = page.locator('[data-test=timeline] li').first();
      expect(await latest.innerText()).not.toContain(REASON);
      // … and says the timeline is up to date only once it is: read once, right then
      hold.release();
      await expectText(flash, '已提交：调整时限。下方时间线已更新。');
      expect(await latest.innerText()).toContain(REASON);
    } finally {
      hold.release();
      await page.unroute(timeline);
    }
    await context.close();
  }, 120_000);

  it('the office revises a target (1440×900) and sees old → new, in the form and on the page', async () => {
    const { page, context } = await openMilestone(office, M, DESKTOP);
    await page.click('[data-test=action-indicator-target]');
    const form = page.locator('[data-test=form-indicator-target]');
    await form.locator('select[name=metric]').selectOption(METRIC);
    await form.locator('input[name=newTarget]').fill('40');
    expect((await form.locator('[data-test=target-change]').innerText()).trim()).toBe('目标：50个 → 40个');
    await form.locator('textarea[name=reason]').fill('受疫情影响，经批准下调');
    await form.locator('[data-test=submit]').click();
    await page.locator('[data-test=flash]').waitFor();
    const row = page.locator(`[data-test=indicators] tr[data-metric="${METRIC}"]`);
    await eventually(() => row.locator('[data-test=current-target]').innerText(), '40个（已调整）');
    await expectText(page.locator('[data-test=timeline] li').first(), new RegExp(`${METRIC}：50 → 40`));
    await context.close();
  }, 120_000);

  it('the office cancels (390×844) only after confirming; then nothing more is offered', async () => {
    const { page, context } = await openMilestone(office, CANCEL, PHONE);
    await page.click('[data-test=action-cancellation]');
    const form = page.locator('[data-test=form-cancellation]');
    await form.locator('textarea[name=reason]').fill('该项工作已并入第 8 项');
    await form.locator('[data-test=submit]').click();
    const confirm = form.locator('[data-test=confirm-send]');
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain('确定取消该里程碑吗？');
    await fitsPhone(page);
    const before = (await f.t.request('GET', `/api/v1/milestones/${CANCEL}/commands`, { token: office }))
      .body;
    expect(before.lifecycle).not.toBe('cancelled');
    // The milestone's state (/commands) and its board row (/board) held back after the command: the status row and
    // 当前办理状态 say they are loading, each until its own answer comes …
    const gates = { commands: gate(), board: gate() };
    const state = (url: URL) =>
      ['commands', 'board'].some((r) => url.pathname === `/api/v1/milestones/${CANCEL}/${r}`);
    await page.route(state, async (route) => {
      const which = route.request().url().includes('/board') ? 'board' : 'commands';
      if (route.request().method() === 'GET') await gates[which].held;
      await route.continue();
    });
    const busy = (what: string) => page.locator(`[data-test=${what}][aria-busy=true]`).count();
    try {
      await confirm.locator('[data-test=confirm]').click();
      await page.locator('[data-test=flash]').waitFor();
      await eventually(() => busy('lifecycle-now'), 1);
      await eventually(() => busy('status-row'), 1);
      gates.commands.release();
      await eventually(() => busy('lifecycle-now'), 0);
      expect(await busy('status-row')).toBe(1); // (its board row still loading)
      gates.board.release();
      await eventually(() => busy('status-row'), 0);
    } finally {
      gates.commands.release();
      gates.board.release();
      await page.unroute(state);
    }
    await eventually(() => page.locator('[data-test=lifecycle-now]').innerText(), '当前办理状态：已取消');
    await eventually(() => page.locator('[data-test=actions]').count(), 0);
    await eventually(
      () => page.locator('[data-test=status-row] .badge-lifecycle').first().innerText(),
      '已取消',
    );
    await context.close();
  }, 120_000);
});

/** A request held until released. */
function gate(): { held: Promise<void>; release: () => void } {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  return { held, release };
}
