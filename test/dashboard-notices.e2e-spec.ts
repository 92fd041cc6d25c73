import type { Page } from 'playwright-core';
import { settled } from './support/browser-app';
import { useBrowserApp } from './support/browser-fixture';
import { startNoticesBrowserApp } from './support/notices-browser-app';
import { ADMIN_TOKEN } from './support/test-app';

/*
 * 通知设置 in a real browser against the real service: an admin finds a unit and edits its recipients (the API's field
 * errors in Chinese, the form kept) and adds a group robot beside a stored one without typing that one again. What
 * the office sees, a phone, and a dead letter sent again: dashboard-notices-deliveries.e2e-spec.ts.
 */
describe('dashboard: 通知设置, an admin’s edits (real browser, real HTTP)', () => {
  const f = useBrowserApp(startNoticesBrowserApp);
  const contactsPanel = (page: Page) => page.locator('[data-test=unit-contacts]');

  it('an admin finds a unit by name, adds a mail recipient and sees it after a reload', async () => {
    const { page, context } = await f.open(ADMIN_TOKEN, '/');
    await page.locator('#main-nav a', { hasText: '通知设置' }).click();
    await page.fill('[data-test=unit-search]', '交通运输');
    await page.press('[data-test=unit-search]', 'Enter');
    await page.waitForURL((u) => u.searchParams.get('unit') === 'dept-transport');
    await settled(page);
    const panel = contactsPanel(page);
    await panel.locator('[data-test=edit]').click();
    await panel.locator('[data-test=add]').click();
    await panel.locator('.notice-row').last().locator('input[name=name]').fill('交通局 值班室');
    await panel.locator('.notice-row').last().locator('input[name=email]').fill('duty@transport.example.org');
    await panel.locator('[data-test=save]').click();
    await panel.locator('[data-test=saved]').waitFor();
    await page.reload();
    await settled(page);
    expect(await contactsPanel(page).locator('[data-test=contacts]').innerText()).toContain(
      'duty@transport.example.org',
    );
    expect(await f.app.contactsOf('dept-transport')).toContain('duty@transport.example.org');
    await context.close();
  }, 120_000);

  it('an invalid address: the API’s message in Chinese beside the field, the form and what was typed kept', async () => {
    const before = await f.app.contactsOf('dept-transport');
    const { page, context } = await f.open(ADMIN_TOKEN, '/notices?unit=dept-transport');
    const panel = contactsPanel(page);
    await panel.locator('[data-test=edit]').click();
    await panel.locator('[data-test=add]').click();
    const row = panel.locator('.notice-row').last();
    await row.locator('input[name=name]').fill('错误地址');
    await row.locator('input[name=email]').fill('not-an-address');
    await panel.locator('[data-test=save]').click();
    const error = row.locator(`[data-field="contacts[${before.length}].email"]`);
    await error.waitFor();
    expect(await error.innerText()).toBe(
      `「第${before.length + 1}项收件人的邮箱」须为电子邮件地址，收到 “not-an-address”`,
    );
    expect(await row.locator('input[name=email]').inputValue()).toBe('not-an-address');
    expect(await row.locator('input[name=name]').inputValue()).toBe('错误地址');
    expect(await panel.locator('.notice-row').count()).toBe(before.length + 1);
    expect(await f.app.contactsOf('dept-transport')).toEqual(before);
    // corrected in place, it saves
    await row.locator('input[name=email]').fill('wrong@transport.example.org');
    await panel.locator('[data-test=save]').click();
    await panel.locator('[data-test=saved]').waitFor();
    expect(await f.app.contactsOf('dept-transport')).toEqual([...before, 'wrong@transport.example.org']);
    await context.close();
  }, 120_000);

  it('an admin adds a second robot without typing the first again, puts it first; both listed after a reload', async () => {
    const robotsOf = async () =>
      (await f.t.request('GET', '/api/v1/units/dept-transport/robots')).body as {
        key: string;
        url: string;
      }[];
    const [first] = await robotsOf();
    const { page, context } = await f.open(ADMIN_TOKEN, '/notices?unit=dept-transport');
    const panel = page.locator('[data-test=robots]');
    await panel.locator('[data-test=edit]').click();
    const kept = panel.locator(`.notice-row[data-kept="${first!.key}"]`);
    expect(await kept.innerText()).toContain('key=abcd****6789');
    expect(await kept.locator('input').count()).toBe(0); // nothing to type for a stored robot
    await panel.locator('[data-test=add]').click();
    const row = panel.locator('.notice-row').last();
    await row.locator('select[name=kind]').selectOption('dingtalk');
    await row.locator('input[name=url]').fill('http://127.0.0.1:9/robot/send?access_token=second0123456789');
    await row.locator('[data-test=up]').click();
    await panel.locator('[data-test=save]').click();
    await panel.locator('[data-test=saved]').waitFor();
    await page.reload();
    await settled(page);
    expect(await page.locator('[data-test=robots] .notice-items li').allInnerTexts()).toEqual([
      expect.stringContaining('access_token=seco****6789'),
      expect.stringContaining('key=abcd****6789'),
    ]);
    expect((await robotsOf()).map((r) => r.key)).toEqual([expect.stringMatching(/^dingtalk:/), first!.key]);
    await context.close();
  }, 120_000);
});
