import * as fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { PlanImportService } from '@app/plans';
import { dashboardBrowser, openSignedIn, settled } from './support/dashboard-app';
import { createToken, SEED_PLAN } from './support/seeded-app';
import { ADMIN_TOKEN, startTestApp, type TestApp } from './support/test-app';
import { until } from './support/until';

/*
 * 通知设置 when two admins edit at once (the list changed through the API between the editor's load and its save:
 * 412, the draft kept, 「重新载入」), field errors that follow their rows, a unit switch that asks before it drops a
 * draft, and a reporter told it has no access. Real browser, real HTTP, real PostgreSQL.
 */
describe('dashboard: 通知设置 edits (real browser, real HTTP)', () => {
  let t: TestApp;
  let browser: Browser;
  const path = '/api/v1/units/dept-finance/contacts';
  const emails = async (): Promise<string[]> =>
    ((await t.request('GET', path)).body as { email: string }[]).map((c) => c.email);
  const panel = (page: Page) => page.locator('[data-test=unit-contacts]');
  const open = async (token: string, at: string) => {
    const opened = await openSignedIn(browser, t.baseUrl, token, { path: at });
    await settled(opened.page);
    return opened;
  };
  const addRow = async (page: Page, name: string, email: string) => {
    await panel(page).locator('[data-test=add]').click();
    const row = panel(page).locator('.notice-row').last();
    await row.locator('input[name=name]').fill(name);
    await row.locator('input[name=email]').fill(email);
  };

  beforeAll(async () => {
    browser = await dashboardBrowser();
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    await t.app.get(PlanImportService).importDocument(fs.readFileSync(SEED_PLAN, 'utf8'), {
      actor: { system: 'test' },
    });
    await until(async () => (await t.request('GET', path)).status === 200, 'unit catalogue');
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the list changed after the editor loaded it: 412 message, draft kept, 重新载入 shows the other change', async () => {
    const { page, context } = await open(ADMIN_TOKEN, '/notices?unit=dept-finance');
    await panel(page).locator('[data-test=edit]').click();
    await addRow(page, '甲', 'a@finance.example.org');
    // Another admin saves first.
    const other = await t.request('PUT', path, {
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

    const reporter = await createToken(t, 'reporter', '财政局填报员', 'dept-finance');
    const r = await open(reporter, '/notices');
    expect(await r.page.locator('main h1').innerText()).toBe('无权访问此页面');
    await r.context.close();
  }, 120_000);
});
