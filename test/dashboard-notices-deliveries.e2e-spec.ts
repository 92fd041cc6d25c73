import type { Page } from 'playwright-core';
import { PHONE, settled } from './support/browser-app';
import { useBrowserApp } from './support/browser-fixture';
import { overflow, smallTapTargets, squeezedCells } from './support/dashboard-app';
import { startNoticesBrowserApp } from './support/notices-browser-app';
import { ADMIN_TOKEN } from './support/test-app';
import { until } from './support/until';

/*
 * 通知设置 in a real browser against the real service, once 市交通运输局 has recipients and two robots (as an admin
 * leaves it in dashboard-notices.e2e-spec.ts): the office (督查室, read-only) sees everything and no button that
 * would get a 403, a phone can use every tab, and a dead letter (a real SMTP server on loopback that refuses
 * everything) is sent again by an admin.
 */
describe('dashboard: 通知设置, what the office sees and a dead letter sent again (real browser, real SMTP)', () => {
  const f = useBrowserApp(startNoticesBrowserApp);
  const contactsPanel = (page: Page) => page.locator('[data-test=unit-contacts]');

  beforeAll(async () => {
    const path = '/api/v1/units/dept-transport/contacts';
    const had = ((await f.t.request('GET', path)).body as { name: string; email: string }[]).map(
      ({ name, email }) => ({ name, email }),
    );
    const contacts = await f.t.request('PUT', path, {
      body: {
        contacts: [
          ...had,
          { name: '交通局 值班室', email: 'duty@transport.example.org' },
          { name: '错误地址', email: 'wrong@transport.example.org' },
        ],
      },
    });
    expect(contacts.status).toBe(200);
    const robots = await f.t.request('PUT', '/api/v1/units/dept-transport/robots', {
      body: {
        robots: [
          { kind: 'dingtalk', url: 'http://127.0.0.1:9/robot/send?access_token=second0123456789' },
          { kind: 'wecom', url: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=abcdef0123456789' },
        ],
      },
    });
    expect(robots.status).toBe(200);
  }, 60_000);

  it('the office (read-only) sees recipients, robots (无法解密 with the hint) and the dead letter, and no button to change them', async () => {
    const { page, context } = await f.open(f.app.office, '/notices?unit=dept-water-resources');
    const robots = page.locator('[data-test=robots]');
    expect(await robots.locator('[data-test=unreadable]').innerText()).toBe('无法解密');
    expect(await robots.innerText()).toContain('请重新填写该单位的机器人');
    await page.locator('[data-test=unit-select]').selectOption('dept-transport');
    await settled(page);
    expect(await robots.innerText()).toContain('key=abcd****6789');
    expect(await contactsPanel(page).innerText()).toContain('duty@transport.example.org');
    expect(await page.locator('[data-test=edit]').count()).toBe(0);
    await page.click('[data-test=tab-groups]');
    await settled(page);
    expect(await page.locator('[data-test=group-supervising-office] [data-test=contacts]').count()).toBe(1);
    expect(await page.locator('[data-test=edit]').count()).toBe(0);
    await page.click('[data-test=tab-deliveries]');
    await settled(page);
    const first = page.locator('.delivery').first();
    expect(await first.getAttribute('data-state')).toBe('dead');
    expect(await first.locator('[data-test=last-error]').innerText()).toContain('550');
    expect(await first.innerText()).toContain('已尝试 3 次');
    expect(await page.locator('[data-test=retry]').count()).toBe(0);
    await context.close();
  }, 120_000);

  it('on a phone (390×844): every tab and the editors fit, with controls a finger can hit', async () => {
    const { page, context } = await f.open(ADMIN_TOKEN, '/', { viewport: PHONE });
    await page.click('[data-test=menu-toggle]');
    await page.locator('#main-nav a', { hasText: '通知设置' }).click();
    await page.locator('[data-test=unit-select]').selectOption('dept-transport');
    await settled(page);
    const problems = async (label: string): Promise<string[]> => {
      const { scrollWidth } = await overflow(page);
      return [
        ...(scrollWidth > PHONE.width ? [`${label}: ${scrollWidth} px wide`] : []),
        ...(await squeezedCells(page)).map((c) => `${label}: squeezed ${c}`),
        ...(await smallTapTargets(page)).map((c) => `${label}: small ${c}`),
      ];
    };
    const found = await problems('units');
    await contactsPanel(page).locator('[data-test=edit]').click();
    await page.locator('[data-test=robots] [data-test=edit]').click();
    found.push(...(await problems('units (editing)')));
    for (const tab of ['groups', 'deliveries']) {
      await page.click(`[data-test=tab-${tab}]`);
      await settled(page);
      found.push(...(await problems(tab)));
    }
    expect(await page.locator('[data-test=retry]').count()).toBe(1);
    expect(found).toEqual([]);
    await context.close();
  }, 120_000);

  it('an admin sends a dead letter again: it goes out once the mail server takes it', async () => {
    f.app.smtp.mode = 'accept';
    const [letter] = await f.app.dead();
    const { page, context } = await f.open(ADMIN_TOKEN, '/notices?tab=deliveries');
    const item = page.locator(`[data-delivery="${letter!.id}"]`);
    expect(await item.getAttribute('data-state')).toBe('dead');
    await item.locator('[data-test=retry]').click();
    await page.locator('[data-test=retried]').waitFor();
    await until(async () => f.app.smtp.received.length === 1, 'the mail sent');
    await until(
      async () => {
        await page.locator('[data-test=refresh]').click();
        await settled(page);
        return (await item.getAttribute('data-state')) === 'sent';
      },
      'shown as sent',
      20_000,
    );
    expect(await item.locator('[data-test=retry]').count()).toBe(0);
    expect(f.app.smtp.received.map((m) => m.rcptTo.join())).toEqual(['dept-education@example.org']);
    await context.close();
  }, 120_000);
});
