import type { Page } from 'playwright-core';
import { settled } from './support/browser-app';
import { useBrowserApp } from './support/browser-fixture';
import { ADMIN_TOKEN } from './support/test-app';
import { until } from './support/until';

/*
 * 通知设置 when two admins edit at once (the list changed through the API between the editor's load and its save:
 * 412, the draft kept, 「重新载入」), field errors that follow their rows, a unit switch, a tab, a link, the browser's
 * back or closing the tab that asks before it drops an unsaved draft (and does not while the editor holds none), and a
 * reporter told it has no access. Real browser, real HTTP, real PostgreSQL.
 */
describe('dashboard: 通知设置 edits (real browser, real HTTP)', () => {
  const f = useBrowserApp();
  const path = '/api/v1/units/dept-finance/contacts';
  const emails = async (): Promise<string[]> =>
    ((await f.t.request('GET', path)).body as { email: string }[]).map((c) => c.email);
  const panel = (page: Page) => page.locator('[data-test=unit-contacts]');
  const open = (token: string, at: string) => f.app.open(token, { path: at, settled: true });
  const addRow = async (page: Page, name: string, email: string) => {
    await panel(page).locator('[data-test=add]').click();
    const row = panel(page).locator('.notice-row').last();
    await row.locator('input[name=name]').fill(name);
    await row.locator('input[name=email]').fill(email);
  };

  beforeAll(async () => {
    await until(async () => (await f.t.request('GET', path)).status === 200, 'unit catalogue');
  }, 240_000);

  it('the list changed after the editor loaded it: 412 message, draft kept, 重新载入 shows the other change', async () => {
    const { page, context } = await open(ADMIN_TOKEN, '/notices?unit=dept-finance');
    await panel(page).locator('[data-test=edit]').click();
    await addRow(page, '甲', 'a@finance.example.org');
    // Another admin saves first.
    const other = await f.t.request('PUT', path, {
      body: { contacts: [{ name: '乙', email: 'b@finance.example.org' }] },
    });
    expect(other.status).toBe(200);
    await panel(page).locator('[data-test=save]').click();
    const error = panel(page).locator('[data-test=form-error]');
    await error.waitFor();
    expect(await error.innerText()).toContain('该名单已被他人修改，请刷新后再保存');
    expect(await panel(page).locator('.notice-row input[name=email]').last().inputValue()).toBe(
      'a@finance.example.org',
    );
    expect(await emails()).toEqual(['b@finance.example.org']);
    await panel(page).locator('[data-test=reload-latest]').click();
    await until(async () => (await panel(page).locator('[data-test=form-error]').count()) === 0, 'reloaded');
    const rows = panel(page).locator('.notice-row input[name=email]');
    expect([await rows.count(), await rows.first().inputValue()]).toEqual([1, 'b@finance.example.org']);
    await addRow(page, '甲', 'a@finance.example.org');
    await panel(page).locator('[data-test=save]').click();
    await panel(page).locator('[data-test=saved]').waitFor();
    expect(await emails()).toEqual(['b@finance.example.org', 'a@finance.example.org']);
    await context.close();
  }, 120_000);

  it('a field error follows its row when a row above it is deleted', async () => {
    const { page, context } = await open(ADMIN_TOKEN, '/notices?unit=dept-finance');
    await panel(page).locator('[data-test=edit]').click();
    await addRow(page, '错一', 'bad-one');
    await addRow(page, '错二', 'bad-two');
    await panel(page).locator('[data-test=save]').click();
    await panel(page).locator('.field-error').first().waitFor();
    // Rows: b, a, bad-one (2), bad-two (3). Delete bad-one: bad-two's error moves up with it, none left on row 2.
    await panel(page).locator('.notice-row').nth(2).locator('.row-remove').click();
    const errs = panel(page).locator('.field-error');
    expect(await errs.count()).toBe(1);
    expect(await errs.first().innerText()).toContain('bad-two');
    expect(await panel(page).locator('.notice-row').nth(2).locator('.field-error').innerText()).toContain(
      'bad-two',
    );
    await context.close();
  }, 120_000);

  it('switching unit with a draft open asks first; a reporter opening /notices is told it has no access', async () => {
    const { page, context } = await open(ADMIN_TOKEN, '/notices?unit=dept-finance');
    await panel(page).locator('[data-test=edit]').click();
    await addRow(page, '草稿', 'draft@finance.example.org');
    const select = page.locator('[data-test=unit-select]');
    page.once('dialog', (d) => void d.dismiss());
    await select.selectOption('dept-transport');
    await settled(page);
    expect(new URL(page.url()).searchParams.get('unit')).toBe('dept-finance');
    expect(await select.inputValue()).toBe('dept-finance');
    expect(await panel(page).locator('.notice-row input[name=email]').last().inputValue()).toBe(
      'draft@finance.example.org',
    );
    page.once('dialog', (d) => void d.accept());
    await select.selectOption('dept-transport');
    await page.waitForURL((u) => u.searchParams.get('unit') === 'dept-transport');
    await context.close();

    const reporter = await f.app.token('reporter', '财政局填报员', 'dept-finance');
    const r = await open(reporter, '/notices');
    expect(await r.page.locator('main h1').innerText()).toBe('无权访问此页面');
    await r.context.close();
  }, 120_000);

  it('an unsaved edit is not dropped silently: a link, a tab, back, closing the tab and 退出 ask; a clean editor does not', async () => {
    const put = await f.t.request('PUT', path, {
      body: { contacts: [{ name: '丙', email: 'c@finance.example.org' }] },
    });
    expect(put.status).toBe(200);
    const { page, context } = await open(ADMIN_TOKEN, '/alerts');
    const asked: string[] = [];
    let answer: 'accept' | 'dismiss' = 'dismiss';
    page.on('dialog', (d) => {
      asked.push(d.type() === 'beforeunload' ? 'beforeunload' : d.message());
      void (answer === 'accept' ? d.accept() : d.dismiss());
    });
    const link = (label: string) => page.locator('#main-nav a', { hasText: label });
    const email = () => panel(page).locator('.notice-row input[name=email]').first();
    await link('通知设置').click();
    await page.locator('[data-test=unit-select]').selectOption('dept-finance');
    await settled(page);

    // Open, typed in and put back as loaded: nothing to lose, so no question.
    await panel(page).locator('[data-test=edit]').click();
    await email().fill('changed@finance.example.org');
    await email().fill('c@finance.example.org');
    await link('预警').click();
    await page.waitForURL((u) => u.pathname === '/alerts');
    expect(asked).toEqual([]);

    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/notices');
    await settled(page);
    await panel(page).locator('[data-test=edit]').click();
    await email().fill('edited@finance.example.org');
    const stillHere = async () => {
      expect(new URL(page.url()).pathname).toBe('/notices');
      expect(await page.locator('[data-test=tab-units]').getAttribute('aria-selected')).toBe('true');
      expect(await email().inputValue()).toBe('edited@finance.example.org');
    };
    await link('预警').click();
    expect(asked).toEqual(['当前页面有未保存的修改，离开将丢弃这些修改。确定离开吗？']);
    await stillHere();
    await page.locator('[data-test=tab-groups]').click();
    expect(asked[1]).toBe('当前标签页有未保存的修改，切换标签将丢弃这些修改。确定切换吗？');
    await stillHere();
    await page.goBack();
    await until(async () => asked.length === 3, 'asked on back');
    // The browser has gone back by then; the page puts the URL it shows back (after the answer).
    await page.waitForURL((u) => u.pathname === '/notices');
    expect(asked[2]).toBe(asked[0]);
    await stillHere();
    await page.close({ runBeforeUnload: true });
    await until(async () => asked.length === 4, 'asked on closing the tab');
    expect([asked[3], page.isClosed()]).toEqual(['beforeunload', false]);
    await stillHere();
    await page.getByRole('button', { name: '退出' }).click();
    expect(asked[4]).toBe(asked[0]);
    await stillHere();

    answer = 'accept';
    await link('预警').click();
    await page.waitForURL((u) => u.pathname === '/alerts');
    expect(asked).toHaveLength(6);
    expect(await emails()).toEqual(['c@finance.example.org']);
    await context.close();
  }, 120_000);
});
