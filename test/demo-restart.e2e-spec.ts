import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventStore } from '@app/event-store';
import { PlanCatalogQueries } from '@app/plans';
import { demoReporterUnits, loadDemoCatalog } from '../apps/cli/src/demo/demo-catalog';
import { DEMO_SIMULATOR_SYSTEM } from '@app/milestones';
import { DEMO_LOGIN_PREFIX, DEMO_STATE_FILE, type DemoLogin } from '../apps/cli/src/demo/demo-state';
import { startSeededService } from './support/seeded-service';
import { ADMIN_TOKEN, type TestApp } from './support/test-app';
import { ROOT } from './support/run-cli';

/** The built demo simulator (dist/) against the test service's database and data directory. */
function runDemo(t: TestApp): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        path.join(ROOT, 'dist/apps/cli/src/demo/demo.main.js'),
        '--seed',
        'sanqu-2020',
        '--base-url',
        t.baseUrl,
      ],
      {
        cwd: ROOT,
        timeout: 120_000,
        env: {
          ...process.env,
          DATA_DIR: t.config.dataDir,
          DATABASE_URL: t.db.appUrl,
          DATABASE_MIGRATION_URL: t.db.url,
          BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN,
          IMPORT_SEED_ON_START: 'false',
          LOG_LEVEL: 'error',
        },
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, out: `${stdout}${stderr}` });
      },
    );
  });
}

describe('npm run demo again after trying it with the demo logins (issue #15 point 2)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSeededService();
  }, 90_000);
  afterAll(async () => {
    await t?.close();
  });

  it('prints every demo login and keeps what the user recorded, instead of refusing with exit code 2', async () => {
    // The demo's logins (as demo.main creates them) and its state file: a history that never got written
    // (the simulation was interrupted before its first command).
    const catalog = await loadDemoCatalog(t.app.get(PlanCatalogQueries));
    const wanted: { role: DemoLogin['role']; label: string; unit?: string }[] = [
      { role: 'supervisor', label: '督查室（市发展改革局）' },
      ...demoReporterUnits(catalog).map((unit) => ({
        role: 'reporter' as const,
        unit,
        label: `${unit}填报员`,
      })),
      { role: 'viewer', label: '只读（市领导、审计）' },
    ];
    const logins: DemoLogin[] = [];
    for (const w of wanted) {
      const created = await t.request('POST', '/api/v1/tokens', {
        body: { role: w.role, name: `${DEMO_LOGIN_PREFIX}${w.label}`, ...(w.unit ? { unit: w.unit } : {}) },
      });
      expect(created.status).toBe(201);
      logins.push({ ...w, token: created.body.token as string });
    }
    const stateFile = path.join(t.config.dataDir, DEMO_STATE_FILE);
    fs.writeFileSync(stateFile, JSON.stringify({ seed: 'sanqu-2020', complete: false, logins }));

    // The user reports, reports a delay, claims completion and the office accepts it: 4 events.
    const reporter = logins.find((l) => l.role === 'reporter')!;
    const supervisor = logins.find((l) => l.role === 'supervisor')!.token;
    const list = await t.request('GET', `/api/v1/milestones?unit=${reporter.unit!}&role=lead&pageSize=100`, {
      token: reporter.token,
    });
    const mine = (list.body.items as { id: string; leadUnits: unknown[] }[]).find(
      (m) => m.leadUnits.length === 1,
    )!;
    const post = (token: string, p: string, body: object) =>
      t.request('POST', `/api/v1/milestones/${mine.id}/${p}`, { token, body });
    expect((await post(reporter.token, 'progress', { percent: 40, narrative: '演示中填报' })).status).toBe(
      200,
    );
    const delay = await post(reporter.token, 'delays', {
      reason: '演示中报告延期',
      forecastDate: `${new Date().getFullYear() + 1}-12-31`, // within the horizon (2 years past today's year)
    });
    expect(delay.status).toBe(200);
    const claimed = await post(reporter.token, 'completion', {
      completedOn: new Date().toISOString().slice(0, 10),
      narrative: '演示中提交完成',
      evidence: [{ name: '验收材料.pdf', sha256: 'c'.repeat(64) }],
    });
    expect(claimed.status).toBe(200);
    expect((await post(supervisor, 'acceptance', { note: '演示中核验' })).status).toBe(200);

    const run = await runDemo(t);
    expect(run.out).not.toContain('真实填报');
    expect(run.code).toBe(0);
    expect(run.out).toContain('4 条演示中的手工填报');
    for (const l of logins) expect(run.out).toContain(l.token);
    expect(run.out).toContain(ADMIN_TOKEN);
    // The same logins are kept; nothing simulated was written over the user's data.
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { logins: DemoLogin[] };
    expect(state.logins.filter((l) => l.role !== 'admin').map((l) => l.token)).toEqual(
      logins.map((l) => l.token),
    );
    const events = await t.app.get(EventStore).readAll(0, 1_000_000);
    expect(events.filter((e) => e.metadata.actor?.system === DEMO_SIMULATOR_SYSTEM)).toHaveLength(0);
    const history = await t.request('GET', `/api/v1/milestones/${mine.id}/history`);
    expect((history.body as { type: string }[]).at(-1)!.type).toBe('CompletionAccepted');

    // And once more: still the same tokens, still exit code 0.
    const again = await runDemo(t);
    expect(again.code).toBe(0);
    for (const l of logins) expect(again.out).toContain(l.token);
  }, 240_000);
});
