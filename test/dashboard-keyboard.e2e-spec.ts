import type { Locator, Page } from 'playwright-core';
import { useBrowserApp } from './support/browser-fixture';
import { ADMIN_TOKEN } from './support/test-app';

const CANCEL = 'sanqu-2020.T07-2021';

/*
 * The keyboard through the office's inline forms in a real browser: the focus goes into 通知设置's editors and a
 * command form with its confirm step and comes back to what opened them; Escape closes them, asking (a real
 * dialog) before it drops what was typed.
 */
describe('dashboard: keyboard focus and Escape in the inline forms (real browser)', () => {
  const f = useBrowserApp();
  let office: string;

  beforeAll(async () => {
    office = await f.app.token('supervisor', '督查室（浏览器测试）');
  }, 60_000);

  const hasFocus = (l: Locator): Promise<boolean> =>
    l.evaluate((el) => el === el.ownerDocument.activeElement);
  const focusedTag = (page: Page): Promise<string> => page.evaluate('document.activeElement?.tagName ?? ""');
  /** The messages of the page's dialogs as they come; each is dismissed (取消) until `accept` is set. */
  const answerDialogs = (page: Page): { messages: string[]; accept: boolean } => {
    const answers = { messages: [] as string[], accept: false };
    page.on('dialog', (d) => {
      answers.messages.push(d.message());
      void (answers.accept ? d.accept() : d.dismiss());
    });
    return answers;
  };

  it('通知设置: the focus goes into the form, to a new row, back to 编辑; Escape closes (asking for a draft)', async () => {
    const { page, context } = await f.open(ADMIN_TOKEN, '/notices?unit=dept-finance');
    const dialogs = answerDialogs(page);
    const panel = page.locator('[data-test=unit-contacts]');
    const form = panel.locator('form');
    await panel.locator('[data-test=edit]').focus();
    await page.keyboard.press('Enter');
    await form.waitFor();
    expect(await form.evaluate((f) => f.contains(f.ownerDocument.activeElement))).toBe(true);

    await panel.locator('[data-test=add]').focus();
    await page.keyboard.press('Enter');
    const row = panel.locator('.notice-row').last();
    expect(await hasFocus(row.locator('input[name=name]'))).toBe(true);
    await page.keyboard.type('财政局值班室');
    await page.keyboard.press('Tab');
    await page.keyboard.type('duty@finance.example.org');

    await page.keyboard.press('Escape'); // a draft: asked, and kept on 取消
    expect(dialogs.messages).toEqual(['有未保存的修改，关闭将丢弃这些修改。确定关闭吗？']);
    expect(await form.isVisible()).toBe(true);

    await panel.locator('[data-test=save]').focus();
    await page.keyboard.press('Enter');
    await panel.locator('[data-test=saved]').waitFor();
    expect(await hasFocus(panel.locator('[data-test=edit]'))).toBe(true);

    await page.keyboard.press('Enter'); // on 编辑 again; nothing typed: Escape closes without asking
    await form.waitFor();
    expect(await focusedTag(page)).toBe('INPUT');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    expect(dialogs.messages).toHaveLength(1);
    expect(await hasFocus(panel.locator('[data-test=edit]'))).toBe(true);

    await page.keyboard.press('Enter');
    await page.keyboard.type('改了');
    dialogs.accept = true;
    await page.keyboard.press('Escape'); // a draft, dropped when the user says so
    await form.waitFor({ state: 'detached' });
    expect(dialogs.messages).toHaveLength(2);
    expect(await hasFocus(panel.locator('[data-test=edit]'))).toBe(true);
    await context.close();
  }, 120_000);

  it('a command form takes the focus, its confirm step too; Escape leaves the step, then closes the form', async () => {
    const { page, context } = await f.open(office, `/milestones/${CANCEL}`);
    const dialogs = answerDialogs(page);
    const opener = page.locator('[data-test=action-cancellation]');
    const form = page.locator('[data-test=form-cancellation]');
    await opener.focus();
    await page.keyboard.press('Enter');
    await form.waitFor();
    expect(await hasFocus(form.locator('textarea[name=reason]'))).toBe(true);
    await page.keyboard.type('该项工作已并入第 8 项');

    await form.locator('[data-test=submit]').focus();
    await page.keyboard.press('Enter');
    await form.locator('[data-test=confirm-send]').waitFor();
    expect(await hasFocus(form.locator('[data-test=confirm]'))).toBe(true);
    await page.keyboard.press('Escape');
    await form.locator('[data-test=confirm-send]').waitFor({ state: 'detached' });
    expect(await hasFocus(form.locator('[data-test=submit]'))).toBe(true);

    await page.keyboard.press('Enter');
    await form.locator('[data-test=confirm-send]').getByRole('button', { name: '再想想' }).focus();
    await page.keyboard.press('Enter');
    expect(await hasFocus(form.locator('[data-test=submit]'))).toBe(true);

    await form
      .locator('textarea[name=reason]')
      .dispatchEvent('keydown', { key: 'Escape', isComposing: true });
    expect(dialogs.messages).toHaveLength(0); // an input method's Escape (a pinyin candidate dropped): the form stays
    expect(await form.isVisible()).toBe(true);
    await page.keyboard.press('Escape'); // the reason typed: asked, and kept on 取消
    expect(dialogs.messages).toHaveLength(1);
    expect(await form.isVisible()).toBe(true);
    dialogs.accept = true;
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    expect(await hasFocus(opener)).toBe(true);

    await page.keyboard.press('Enter'); // opened again, nothing typed: Escape closes without asking
    await form.waitFor();
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    expect(dialogs.messages).toHaveLength(2);
    expect(await hasFocus(opener)).toBe(true);
    const state = (await f.t.request('GET', `/api/v1/milestones/${CANCEL}/commands`, { token: office })).body;
    expect(state.lifecycle).not.toBe('cancelled');
    await context.close();
  }, 120_000);
});
