import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEFAULT_DEMO_SEED } from '../apps/cli/src/demo/demo-scenario';
import { httpAlertScan, playDemo } from '../apps/cli/src/demo/play-demo';
import { ADMIN_TOKEN, startTestApp, type TestApp } from './support/test-app';
import { ROOT } from './support/run-cli';
import { waitFor } from './support/service-process';

/**
 * The dashboard in a real browser (Debian chromium driven by playwright-core) against the whole service on
 * a fresh database holding the simulated 2020–2022 history. Every page's requests are recorded: none may
 * leave the service.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--lang=zh-CN',
];
const STEP_MS = 20_000;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS build helper of the SPA
const { ensureDashboardBuild } = require('../apps/dashboard/ensure-build.cjs') as {
  ensureDashboardBuild(o: {
    ifStale?: boolean;
    quiet?: boolean;
  }): 'fresh' | 'built' | 'unavailable' | 'failed';
};

interface Board {
  id: string;
  lifecycle: string;
  percent: number | null;
  leadUnits: { id: string; name: string }[];
  health: { colour: string };
}

describe('dashboard in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let reporter: string;
  let supervisor: string;
  let viewer: string;
  let unit: { id: string; name: string };
  /** Open, re-baselined into the future so it can turn from grey to another colour. */
  let toReport: Board;
  /** Submitted (待核验) by its lead unit, for the supervisor to accept. */
  let toAccept: Board;
  const outside: string[] = [];

  const token = async (role: string, name: string, unitId?: string): Promise<string> => {
    const r = await t.request('POST', '/api/v1/tokens', {
      body: { role, name, ...(unitId ? { unit: unitId } : {}) },
    });
    expect(r.status).toBe(201);
    return r.body.token as string;
  };
  const board = async (id: string): Promise<Board> => {
    const r = await t.request('GET', `/api/v1/milestones?q=${encodeURIComponent(id)}&pageSize=50`);
    expect(r.status).toBe(200);
    return (r.body.items as Board[]).find((m) => m.id === id)!;
  };

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
    }
    expect(['fresh', 'built']).toContain(ensureDashboardBuild({ ifStale: true, quiet: true }));
    expect(fs.existsSync(path.join(ROOT, 'apps/dashboard/dist/index.html'))).toBe(true);

    t = await startTestApp({ IMPORT_SEED_ON_START: 'true', RATE_LIMIT_PER_MINUTE: '100000' });
    await waitFor(
      async () => (await t.request('GET', '/api/v1/plans')).body?.[0]?.counts?.milestones === 101,
      30_000,
      'seed plan',
    );
    const { script } = await playDemo(t.app, {
      seed: DEFAULT_DEMO_SEED,
      scan: httpAlertScan(t.baseUrl, ADMIN_TOKEN),
    });
    // Two open milestones ("missed" in the simulation) of one lead unit.
    const missed = Object.entries(script.fates)
      .filter(([, f]) => f.outcome === 'missed')
      .map(([id]) => id);
    const rows = await Promise.all(missed.map(board));
    const byUnit = new Map<string, Board[]>();
    for (const r of rows.filter((x) => x.lifecycle === 'in_progress' && x.leadUnits.length > 0)) {
      const u = r.leadUnits[0]!.id;
      byUnit.set(u, [...(byUnit.get(u) ?? []), r]);
    }
    const pair = [...byUnit.entries()].find(([, list]) => list.length >= 2) ?? [...byUnit.entries()][0]!;
    unit = pair[1][0]!.leadUnits[0]!;
    toReport = pair[1][0]!;
    toAccept = pair[1][1] ?? rows.find((r) => r.id !== toReport.id && r.lifecycle === 'in_progress')!;

    reporter = await token('reporter', `${unit.name}填报员（浏览器测试）`, unit.id);
    supervisor = await token('supervisor', '督查室（市发展改革局）');
    viewer = await token('viewer', '只读（浏览器测试）');
    const rebaselined = await t.request('POST', `/api/v1/milestones/${toReport.id}/rebaseline`, {
      token: supervisor,
      body: { newDueDate: '2027-06-30', reason: '经市政府同意延长完成时限（测试）' },
    });
    expect(rebaselined.status).toBe(200);
    const acceptLead = toAccept.leadUnits[0]!.id;
    const claimant =
      acceptLead === unit.id ? reporter : await token('reporter', '牵头单位填报员', acceptLead);
    const claimed = await t.request('POST', `/api/v1/milestones/${toAccept.id}/completion`, {
      token: claimant,
      body: {
        completedOn: '2026-11-01',
        narrative: '已全部完成（测试）',
        evidence: [{ name: '验收报告.pdf', sha256: 'b'.repeat(64) }],
      },
    });
    expect(claimed.status).toBe(200);
    await waitFor(
      async () =>
        (await board(toReport.id)).health.colour === 'grey' &&
        (await board(toAccept.id)).lifecycle === 'submitted',
      15_000,
      'board caught up',
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(
    tokenValue: string,
    extra: { acceptDownloads?: boolean } = {},
  ): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({
      ...extra,
      viewport: { width: 1400, height: 1000 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_MS);
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(`${t.baseUrl}/`) && !url.startsWith('data:') && !url.startsWith('blob:'))
        outside.push(url);
    });
    await page.goto(`${t.baseUrl}/`);
    await page.fill('[data-test=token]', tokenValue);
    await page.click('[data-test=sign-in]');
    await page.waitForSelector('[data-test=who] .role-chip');
    return { page, context };
  }

  /** Health counts of one unit's row in the roll-up table (lead units). */
  async function unitRollup(page: Page): Promise<Record<string, string>> {
    await page.goto(`${t.baseUrl}/rollups?by=units`);
    const row = page.locator(`[data-test=rollup-table] tr[data-row="${unit.name}"]`);
    await row.waitFor();
    const out: Record<string, string> = {};
    for (const c of ['red', 'amber', 'green', 'grey', 'total']) {
      out[c] = (await row.locator(`td[data-col=${c}]`).innerText()).trim();
    }
    return out;
  }

  it('a reporter filters, opens a milestone, reports progress (errors by the field first), sees it in the timeline and the roll-up', async () => {
    const { page, context } = await open(reporter);
    await page.waitForURL(/\/agenda/);
    await page.getByRole('heading', { name: new RegExp(`我的待办`) }).waitFor();

    const before = await unitRollup(page);

    // Filter the milestone list by the unit and a text search.
    await page.click('nav >> text=里程碑');
    await page.selectOption('[data-test=filter-unit]', unit.id);
    await page.waitForURL(/unit=/);
    await page.fill('[data-test=filter-q]', toReport.id);
    await page.waitForURL(/q=/);
    const link = page.locator(`tr[data-milestone="${toReport.id}"] [data-test=milestone-link]`);
    await link.waitFor();
    expect(await page.locator('[data-test=milestone-table] tbody tr').count()).toBe(1);
    await link.click();

    await page.waitForURL(new RegExp(`/milestones/${toReport.id.replace('.', '\\.')}`));
    await page.locator('[data-test=plan-text]').waitFor();
    await page.locator('[data-test=timeline] li').first().waitFor();
    const eventsBefore = await page.locator('[data-test=timeline] li').count();

    await page.click('[data-test=action-progress]');
    const form = page.locator('[data-test=form-progress]');
    // The API's validation error shows next to the field.
    await form.locator('input[name=percent]').fill('120');
    await form.locator('textarea[name=narrative]').fill('浏览器测试：完成剩余工作');
    await form.locator('[data-test=submit]').click();
    await expect(form.locator('[data-field=percent]').innerText()).resolves.toContain('percent');
    expect(await page.locator('[data-test=timeline] li').count()).toBe(eventsBefore);

    await form.locator('input[name=percent]').fill('96');
    await form.locator('[data-test=submit]').click();
    await page.locator('[data-test=flash]').waitFor();
    // The timeline reloads (with X-Min-Position): one more entry, the new one first.
    await page.locator('[data-test=timeline] li').nth(eventsBefore).waitFor();
    const first = page.locator('[data-test=timeline] li').first();
    await expect(first.getAttribute('data-type')).resolves.toBe('ProgressReported');
    await expect(first.innerText()).resolves.toContain('浏览器测试：完成剩余工作');
    expect(await page.locator('[data-test=timeline] li').count()).toBe(eventsBefore + 1);
    expect(await first.evaluate((el) => el.classList.contains('backdated'))).toBe(false);

    // The roll-up moved: one grey fewer for the unit (the milestone has a fresh report now).
    const after = await unitRollup(page);
    expect(Number(after['grey'])).toBe(Number(before['grey']) - 1);
    expect(after['total']).toBe(before['total']);
    await context.close();
  }, 120_000);

  it('a supervisor accepts a submission (销号), acknowledges an alert, and the as-of date changes the overview', async () => {
    const { page, context } = await open(supervisor, { acceptDownloads: true });
    await page.locator('[data-test=simulated-banner]').waitFor();

    // 待核验: accept the claim.
    await page.click('nav >> text=待办与核验');
    const item = page.locator(`[data-milestone="${toAccept.id}"]`).first();
    await item.waitFor();
    await item.locator('[data-test=agenda-acceptance]').click();
    await item.locator('[data-test=form-acceptance] textarea[name=note]').fill('材料齐全，同意销号（测试）');
    await item.locator('[data-test=form-acceptance] [data-test=submit]').click();
    await page.locator('[data-test=flash]').waitFor();
    const history = await t.request('GET', `/api/v1/milestones/${toAccept.id}/history`);
    expect(history.body.at(-1).type).toBe('CompletionAccepted');
    expect(history.body.at(-1).actor.tokenName).toBe('督查室（市发展改革局）');

    // Acknowledge the first open alert.
    await page.click('nav >> text=预警');
    const alert = page.locator('[data-test=alert-list] li.alert.state-open').first();
    await alert.waitFor();
    const alertId = (await alert.getAttribute('data-alert'))!;
    await alert.locator('[data-test=ack]').click();
    await alert.locator('[data-test=ack-note]').fill('已督促整改（测试）');
    await alert.locator('[data-test=ack-confirm]').click();
    await page.locator(`[data-alert="${alertId}"]`).waitFor({ state: 'detached' });
    const acked = await t.request('GET', `/api/v1/alerts/${encodeURIComponent(alertId)}`);
    expect(acked.body.state).toBe('acknowledged');
    expect(acked.body.acknowledged.note).toBe('已督促整改（测试）');

    // The as-of picker time-travels the overview.
    await page.click('nav >> text=总览');
    const accepted = page.locator('[data-test=kpi-accepted]');
    await accepted.waitFor();
    const today = await accepted.innerText();
    await page.click('.asof >> text=2020年末');
    await page.waitForURL(/asOf=2020-12-31/);
    await waitFor(async () => (await accepted.innerText()).trim() !== today.trim(), STEP_MS, 'as-of change');
    expect(Number(await accepted.innerText())).toBeLessThan(Number(today));
    await page.locator('[data-test=travel-note]').waitFor();

    // The year-end review: downloads go through the API with the token (Excel and CSV here).
    await page.goto(`${t.baseUrl}/retrospective/2021`);
    await page.locator('[data-test=downloads]').waitFor();
    for (const format of ['xlsx', 'csv']) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click(`[data-test=downloads] a[data-format=${format}]`),
      ]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^retrospective-.*2021.*\\.${format}$`));
      expect((await fs.promises.stat(await download.path())).size).toBeGreaterThan(1000);
    }

    if (process.env.DASHBOARD_SCREENSHOT) {
      await page.click('.asof >> text=2022年末');
      await page.waitForURL(/asOf=2022-12-31/);
      await page.locator('.chart canvas').first().waitFor();
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.resolve(ROOT, process.env.DASHBOARD_SCREENSHOT), fullPage: true });
    }
    await context.close();
  }, 120_000);

  it('a viewer reads but gets no forms; static pages need no token; nothing was requested outside the service', async () => {
    const { page, context } = await open(viewer);
    await page.goto(`${t.baseUrl}/milestones/${encodeURIComponent(toReport.id)}`);
    await page.locator('[data-test=timeline] li').first().waitFor();
    expect(await page.locator('[data-test=actions]').count()).toBe(0);
    await context.close();

    const index = await fetch(`${t.baseUrl}/milestones/${encodeURIComponent(toReport.id)}`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    const api = await fetch(`${t.baseUrl}/api/v1/milestones`);
    expect(api.status).toBe(401);
    const missing = await fetch(`${t.baseUrl}/api/v1/nope`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(missing.headers.get('content-type')).toContain('application/problem+json');

    expect(outside).toEqual([]);
  }, 60_000);
});
