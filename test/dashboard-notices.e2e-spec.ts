import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { planMilestone, reportDelay, SmtpTestServer } from '@app/alerts/testing';
import { PHONE, settled, withBrowser, type BrowserApp } from './support/browser-app';
import { overflow, smallTapTargets, squeezedCells } from './support/dashboard-app';
import { startMailingApp } from './support/seeded-app';
import { ADMIN_TOKEN, type TestApp } from './support/test-app';
import { until } from './support/until';

/*
 * 通知设置 in a real browser against the real service: an admin edits a unit's recipients (the API's field errors in
 * Chinese, the form kept) and adds a group robot beside a stored one without typing that one again, the office
 * (督查室, read-only) sees everything and no button that would get a 403, a dead letter (a real SMTP server on
 * loopback that refuses everything) is sent again by an admin, and a phone can use it.
 */
Object.assign(process.env, {
  ALERT_MAIL_BACKOFF_MS: '20',
  ALERT_MAIL_BACKOFF_MAX_MS: '100',
  ALERT_MAIL_MAX_ATTEMPTS: '3',
  ALERT_MAIL_POLL_MS: '50',
  ALERT_SMTP_TIMEOUT_MS: '2000',
});

describe('dashboard: 通知设置 (real browser, real HTTP, real SMTP)', () => {
  let t: TestApp;
  let smtp: SmtpTestServer;
  let app: BrowserApp;
  let office: string;

  const dead = async (): Promise<{ id: string; state: string }[]> =>
    (await t.request('GET', '/api/v1/alerts/deliveries?state=dead')).body.items;
  const contactsOf = async (unit: string): Promise<string[]> =>
    ((await t.request('GET', `/api/v1/units/${unit}/contacts`)).body as { email: string }[]).map(
      (c) => c.email,
    );
  const open = (token: string, path: string, viewport?: typeof PHONE) =>
    app.open(token, { path, ...(viewport ? { viewport } : {}), settled: true });
  const contactsPanel = (page: Page) => page.locator('[data-test=unit-contacts]');

  beforeAll(async () => {
    smtp = await SmtpTestServer.start();
    smtp.mode = 'reject';
    const mailing = await startMailingApp(smtp.url);
    ({ t, supervisor: office } = mailing);
    app = await withBrowser(t);
    const store = mailing.store;
    await until(async () => (await t.request('GET', '/api/v1/units')).body?.length > 0, 'unit catalogue');
    // A dead letter: 市教育局's digest, refused by the mail server every time.
    await reportDelay(store, (await planMilestone(store, 'dept-education')).id, '设计变更');
    await until(async () => (await dead()).length === 1, 'a dead letter');
    // A robot stored under a key the service does not have (SECRETS_KEY lost), and a readable one.
    await mailing.ds.query(
      `INSERT INTO alert_robots (unit_id, kind, url, robot_key, secret, position)
       VALUES ('dept-water-resources', 'wecom', $1, 'wecom:0123456789abcdef0123456789abcdef', NULL, 0)`,
      [`enc:v1:00000000:${randomBytes(60).toString('base64')}`],
    );
    const robots = await t.request('PUT', '/api/v1/units/dept-transport/robots', {
      body: {
        robots: [{ kind: 'wecom', url: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=abcdef0123456789' }],
      },
    });
    expect(robots.status).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await smtp?.down();
  });

  it('an admin finds a unit by name, adds a mail recipient and sees it after a reload', async () => {
    const { page, context } = await open(ADMIN_TOKEN, '/');
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
    expect(await contactsOf('dept-transport')).toContain('duty@transport.example.org');
    await context.close();
  }, 120_000);

  it('an invalid address: the API’s message in Chinese beside the field, the form and what was typed kept', async () => {
    const before = await contactsOf('dept-transport');
    const { page, context } = await open(ADMIN_TOKEN, '/notices?unit=dept-transport');
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
    expect(await contactsOf('dept-transport')).toEqual(before);
    // corrected in place, it saves
    await row.locator('input[name=email]').fill('wrong@transport.example.org');
    await panel.locator('[data-test=save]').click();
    await panel.locator('[data-test=saved]').waitFor();
    expect(await contactsOf('dept-transport')).toEqual([...before, 'wrong@transport.example.org']);
    await context.close();
  }, 120_000);

  it('an admin adds a second robot without typing the first again, puts it first; both listed after a reload', async () => {
    const robotsOf = async () =>
      (await t.request('GET', '/api/v1/units/dept-transport/robots')).body as { key: string; url: string }[];
    const [first] = await robotsOf();
    const { page, context } = await open(ADMIN_TOKEN, '/notices?unit=dept-transport');
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

  it('the office (read-only) sees recipients, robots (无法解密 with the hint) and the dead letter, and no button to change them', async () => {
    const { page, context } = await open(office, '/notices?unit=dept-water-resources');
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
    const { page, context } = await open(ADMIN_TOKEN, '/', PHONE);
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
    smtp.mode = 'accept';
    const [letter] = await dead();
    const { page, context } = await open(ADMIN_TOKEN, '/notices?tab=deliveries');
    const item = page.locator(`[data-delivery="${letter!.id}"]`);
    expect(await item.getAttribute('data-state')).toBe('dead');
    await item.locator('[data-test=retry]').click();
    await page.locator('[data-test=retried]').waitFor();
    await until(async () => smtp.received.length === 1, 'the mail sent');
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
    expect(smtp.received.map((m) => m.rcptTo.join())).toEqual(['dept-education@example.org']);
    await context.close();
  }, 120_000);
});
