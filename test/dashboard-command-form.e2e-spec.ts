import type { Page, Route } from 'playwright-core';
import { samplePdf } from '@app/evidence/testing';
import { settled, startSeededBrowserApp } from './support/browser-app';
import { useBrowserApp } from './support/browser-fixture';
import { waitFor } from './support/service-process';

const M = 'sanqu-2020.T06-2021'; // lead 市工业和信息化局
const PDF_NAME = '招商推介会签到表.pdf';

/*
 * The command form on the milestone page when something happens beside it: a report is not sent while its
 * evidence is still uploading (or failed to); an upload may be cancelled, and one that stalls fails (to retry) with
 * the form's text kept; and a refusal because another session changed the milestone
 * (409) brings the page up to date while the form keeps what was typed.
 */
describe('dashboard: the command form while uploading and after a conflict (real browser)', () => {
  const f = useBrowserApp(() => startSeededBrowserApp({ EVIDENCE_REQUIRE_UPLOAD: 'true' }));
  let reporter: string;

  beforeAll(async () => {
    reporter = await f.app.token('reporter', '工信局填报员', await f.app.unitId('市工业和信息化局'));
  }, 60_000);

  async function openProgress(page: Page) {
    await page.locator('[data-test=actions]').waitFor();
    await settled(page);
    await page.click('[data-test=action-progress]');
    const form = page.locator('[data-test=form-progress]');
    await form.locator('input[name=percent]').fill('40');
    await form.locator('textarea[name=narrative]').fill('已举办推介会 2 场');
    return form;
  }

  it('填报进展: no sending while a file uploads or after one failed; the report then carries the file', async () => {
    const { page, context } = await f.app.open(reporter, { path: `/milestones/${M}` });
    const form = await openProgress(page);
    const picker = form.locator('[data-test=evidence-upload] input[type=file]');
    const submit = form.locator('[data-test=submit]');
    const reason = form.locator('[data-test=submit-blocked]');

    // An upload the service has not answered yet: the report waits for it, and says why.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/v1/evidence', async (route: Route) => {
      await held;
      await route.continue();
    });
    await picker.setInputFiles({ name: PDF_NAME, mimeType: 'application/pdf', buffer: samplePdf() });
    await form.locator('[data-test=evidence-upload] [role=status]').waitFor();
    expect(await submit.isDisabled()).toBe(true);
    expect(await reason.innerText()).toBe('材料上传中，请稍候');
    await form.locator('input[name=percent]').press('Enter'); // no way around the button
    release();
    await form.locator('.evidence-list li').first().waitFor();
    await page.unroute('**/api/v1/evidence');

    // A file refused: the report waits until it is removed.
    await picker.setInputFiles({
      name: '假的.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('文字'),
    });
    await form.locator('[data-test=upload-failed]').waitFor();
    expect(await submit.isDisabled()).toBe(true);
    expect(await reason.innerText()).toBe('有材料未能上传：请重试或移除后再提交');
    await form.locator('[data-test=upload-failed-remove]').click();
    expect(await reason.count()).toBe(0);
    expect(await submit.isEnabled()).toBe(true);

    const reports = async () =>
      ((await f.t.request('GET', `/api/v1/milestones/${M}/history`)).body as { type: string }[]).filter(
        (e) => e.type === 'ProgressReported',
      );
    expect(await reports()).toHaveLength(0); // nothing was sent while blocked
    await submit.click();
    await page.locator('[data-test=flash]').waitFor();
    const sent = (await reports()) as unknown as { data: { evidence?: { name: string }[] } }[];
    expect(sent).toHaveLength(1);
    expect(sent[0]!.data.evidence?.map((e) => e.name)).toEqual([PDF_NAME]);
    await context.close();
  }, 120_000);

  it('uploads: each tracked on its own (two files of one name), 取消 one running, a stalled one failed (重试/移除); the text stays', async () => {
    const { page, context } = await f.app.open(reporter, { path: `/milestones/${M}` });
    const form = await openProgress(page);
    const picker = form.locator('[data-test=evidence-upload] input[type=file]');
    const submit = form.locator('[data-test=submit]');
    const reason = form.locator('[data-test=submit-blocked]');
    const held: Route[] = [];
    await page.route('**/api/v1/evidence', (route: Route) => void held.push(route));

    // Two files of one name: one answered, the other still to come: the report still waits for it.
    const second = Buffer.concat([samplePdf(), Buffer.from('\n%第二份\n')]);
    await picker.setInputFiles([
      { name: PDF_NAME, mimeType: 'application/pdf', buffer: samplePdf() },
      { name: PDF_NAME, mimeType: 'application/pdf', buffer: second },
    ]);
    await waitFor(async () => held.length === 1, 10_000, 'first upload held');
    expect(await form.locator('[data-test=uploading] li').count()).toBe(2); // both wait, one after the other
    await held[0]!.continue();
    await form.locator('.evidence-list li').first().waitFor();
    await waitFor(async () => held.length === 2, 10_000, 'second upload held');
    await waitFor(
      async () => (await form.locator('[data-test=uploading] li').count()) === 1,
      5_000,
      'one left',
    );
    expect(await submit.isDisabled()).toBe(true);
    expect(await reason.innerText()).toBe('材料上传中，请稍候');

    // 取消 the one still running: nothing waits and nothing failed; the text is as typed.
    await form.locator('[data-test=upload-cancel]').click();
    await reason.waitFor({ state: 'detached' });
    expect(await submit.isEnabled()).toBe(true);
    expect(await form.locator('[data-test=upload-failed]').count()).toBe(0);
    await held[1]!.abort().catch(() => undefined);

    // An upload that stops moving: after 30 s without progress it is failed, with 重试 and 移除.
    await page.clock.install();
    await picker.setInputFiles({ name: '签到表扫描件.pdf', mimeType: 'application/pdf', buffer: second });
    await waitFor(async () => held.length === 3, 10_000, 'third upload held');
    await page.clock.fastForward(31_000);
    const stalled = form.locator('[data-test=upload-failed]');
    await stalled.waitFor({ timeout: 5_000 });
    expect(await stalled.innerText()).toContain('“签到表扫描件.pdf”未能上传：上传已停滞');
    expect(await reason.innerText()).toBe('有材料未能上传：请重试或移除后再提交');
    await held[2]!.abort().catch(() => undefined);
    await page.unroute('**/api/v1/evidence');
    await stalled.locator('[data-test=upload-failed-retry]').click();
    await waitFor(async () => (await form.locator('.evidence-list li').count()) === 2, 10_000, 'retried');
    await reason.waitFor({ state: 'detached' });
    expect(await form.locator('textarea[name=narrative]').inputValue()).toBe('已举办推介会 2 场');
    expect(await form.locator('input[name=percent]').inputValue()).toBe('40');

    // 取消 a file still waiting its turn: it leaves the list at once and is never sent.
    const before = held.length;
    await page.route('**/api/v1/evidence', (route: Route) => void held.push(route));
    await picker.setInputFiles([
      {
        name: '会议纪要.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.concat([samplePdf(), Buffer.from('\n%3\n')]),
      },
      {
        name: '现场照片.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.concat([samplePdf(), Buffer.from('\n%4\n')]),
      },
    ]);
    await waitFor(async () => held.length === before + 1, 10_000, 'fourth upload held');
    const queued = form.locator('[data-test=uploading] li', { hasText: '现场照片.pdf' });
    await queued.locator('[data-test=upload-cancel]').click();
    await queued.waitFor({ state: 'detached', timeout: 2_000 });
    await held[before]!.continue();
    await reason.waitFor({ state: 'detached' });
    expect(held.length).toBe(before + 1); // the cancelled one was never sent
    expect(await form.locator('.evidence-list li').count()).toBe(3);
    await context.close();
  }, 120_000);

  it('a 409 (completion submitted in another session) updates the header and the actions; the form keeps its text', async () => {
    const { page, context } = await f.app.open(reporter, { path: `/milestones/${M}` });
    const form = await openProgress(page);
    expect(await page.locator('[data-test=status-row]').innerText()).not.toContain('待核验');
    expect(await page.locator('[data-test=action-completion]').count()).toBe(1);

    const up = await f.t.request('POST', '/api/v1/evidence', {
      token: reporter,
      rawBody: samplePdf(),
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(PDF_NAME) },
    });
    expect(up.status).toBe(200);
    const other = await f.t.request('POST', `/api/v1/milestones/${M}/completion`, {
      token: reporter,
      body: {
        completedOn: '2021-05-01',
        narrative: '另一处已提交',
        evidence: [{ name: PDF_NAME, sha256: up.body.sha256 }],
      },
    });
    expect(other.status).toBe(200);

    // The page reads the board again at the position the refusal named (the other session's), at once.
    const boardRead = page.waitForRequest((r) => r.method() === 'GET' && r.url().includes(`/${M}/board`));
    await form.locator('[data-test=submit]').click();
    const refusal = form.locator('[data-test=form-error]');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('已提交完成、正在等待核验');
    expect((await (await boardRead).allHeaders())['x-min-position']).toBe(String(other.body.position));
    await page.locator('[data-test=status-row]', { hasText: '待核验' }).waitFor({ timeout: 5_000 });
    await page.locator('[data-test=lifecycle-now]', { hasText: '待核验' }).waitFor({ timeout: 5_000 });
    expect(await page.locator('[data-test=action-completion]').count()).toBe(0);
    expect(await form.isVisible()).toBe(true);
    expect(await form.locator('textarea[name=narrative]').inputValue()).toBe('已举办推介会 2 场');
    await context.close();
  }, 120_000);
});
