import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { samplePdf, samplePng } from '@app/evidence/testing';
import { PHONE, settled, startSeededBrowserApp } from './support/browser-app';
import { downloaded, texts, useBrowserApp } from './support/browser-fixture';
import { overflow } from './support/dashboard-app';
import { ROOT } from './support/run-cli';

const M = 'sanqu-2020.T06-2021'; // lead 市工业和信息化局
const PDF_NAME = '2021年度招商引资验收报告.pdf';

/*
 * Evidence files (佐证材料) as people use them: a reporter of the lead unit uploads the files in the 销号 form
 * (a file that is no PDF though named one is refused on the spot), submits, and finds them on the milestone page
 * with name, kind and size, downloadable under their Chinese names; the office reviews (核验) them on a phone.
 */
describe('dashboard: evidence files in the 销号 form and on the milestone page (real browser)', () => {
  const f = useBrowserApp(() => startSeededBrowserApp({ EVIDENCE_REQUIRE_UPLOAD: 'true' }));
  let reporter: string;
  let supervisor: string;

  beforeAll(async () => {
    reporter = await f.app.token('reporter', '工信局填报员', await f.app.unitId('市工业和信息化局'));
    supervisor = await f.app.token('supervisor', '督查室');
  }, 60_000);

  async function downloadFrom(page: Page, scope: string): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`${scope} button[aria-label="下载 ${PDF_NAME}"]`).first().click(),
    ]);
    return { name: download.suggestedFilename(), bytes: await downloaded(download) };
  }

  it('1440×900: the reporter uploads a PDF and a photo in the 销号 form, submits, and downloads the PDF from the timeline', async () => {
    const { page, context } = await f.app.open(reporter, {
      path: `/milestones/${M}`,
      acceptDownloads: true,
    });
    await page.locator('[data-test=actions]').waitFor();
    await settled(page);
    await page.click('[data-test=action-completion]');
    const form = page.locator('[data-test=form-completion]');
    await form.locator('textarea[name=narrative]').fill('全年引进投资超亿元项目 52 个');
    const picker = form.locator('[data-test=evidence-upload] input[type=file]');

    await picker.setInputFiles({
      name: '假的报告.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('只是文字'),
    });
    const refused = form.locator('[data-test=evidence-upload] [role=alert]');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/^“假的报告\.pdf”未能上传：文件内容不是可接受的类型/);
    // A refused file holds the form back until it is removed (or uploaded again).
    expect(await form.locator('[data-test=submit]').isDisabled()).toBe(true);
    await form.locator('[data-test=upload-failed-remove]').click();

    await picker.setInputFiles([
      { name: PDF_NAME, mimeType: 'application/pdf', buffer: samplePdf() },
      { name: '项目签约现场.png', mimeType: 'image/png', buffer: samplePng() },
    ]);
    await form.locator('.evidence-list li').nth(1).waitFor();
    expect(
      (await texts(page, '[data-test=form-completion] .evidence-list li')).map((s) => s.split(' ')[0]),
    ).toEqual([PDF_NAME, '项目签约现场.png']);
    await form.locator('[data-test=submit]').click();
    await page.locator('[data-test=flash]').waitFor();

    const claim = page.locator(
      '[data-test=timeline] li[data-type=CompletionSubmitted] [data-test=evidence-list]',
    );
    await claim.waitFor();
    const rows = await texts(
      page,
      '[data-test=timeline] li[data-type=CompletionSubmitted] [data-test=evidence-list] li',
    );
    expect(rows).toEqual([`${PDF_NAME}（PDF，1 KB）下载`, '项目签约现场.png（PNG 图片，1 KB）下载']);
    const got = await downloadFrom(page, '[data-test=timeline]');
    expect(got.name).toBe(PDF_NAME);
    expect(got.bytes).toEqual(samplePdf());
    await context.close();
  }, 120_000);

  it('390×844: the office reviews (核验) the files awaiting 销号 on a phone, from 待办与核验 and on the milestone page', async () => {
    const { page, context } = await f.app.open(supervisor, {
      path: '/agenda',
      viewport: PHONE,
      acceptDownloads: true,
    });
    const item = page.locator(`[data-agenda] li[data-milestone="${M}"]`);
    await item.locator('[data-test=agenda-acceptance]').click();
    await item.locator('[data-test=pending-evidence] [data-test=evidence-list] li').nth(1).waitFor();
    expect(await texts(page, `[data-agenda] li[data-milestone="${M}"] [data-test=evidence-list] li`)).toEqual(
      [`${PDF_NAME}（PDF，1 KB）下载`, '项目签约现场.png（PNG 图片，1 KB）下载'],
    );
    expect((await downloadFrom(page, `[data-agenda] li[data-milestone="${M}"]`)).name).toBe(PDF_NAME);
    if (process.env.EVIDENCE_SCREENSHOT) {
      await item.screenshot({ path: path.resolve(ROOT, process.env.EVIDENCE_SCREENSHOT) });
    }
    const agendaWidth = await overflow(page);
    expect(agendaWidth.scrollWidth).toBeLessThanOrEqual(agendaWidth.innerWidth);

    await item.locator('a').first().click();
    const pending = page.locator('[data-test=pending-evidence]');
    await pending.waitFor();
    await settled(page);
    expect(await pending.locator('h2').innerText()).toBe('待核验的佐证材料');
    expect(await texts(page, '[data-test=pending-evidence] [data-test=evidence-list] li')).toEqual([
      `${PDF_NAME}（PDF，1 KB）下载`,
      '项目签约现场.png（PNG 图片，1 KB）下载',
    ]);
    const got = await downloadFrom(page, '[data-test=pending-evidence]');
    expect(got.name).toBe(PDF_NAME);
    expect(got.bytes).toEqual(samplePdf());
    const { scrollWidth, innerWidth } = await overflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);

    // After 销号 nothing awaits review; the files stay in the timeline.
    await page.click('[data-test=action-acceptance]');
    await page.locator('[data-test=form-acceptance] [data-test=submit]').click();
    await page.locator('[data-test=flash]').waitFor();
    await page.locator('[data-test=timeline] li[data-type=CompletionAccepted]').waitFor();
    expect(await pending.count()).toBe(0);
    expect(await page.locator('[data-test=timeline] [data-test=evidence-list] li').count()).toBe(2);
    await context.close();
  }, 120_000);
});
