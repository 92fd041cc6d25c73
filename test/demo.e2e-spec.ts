import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EventStore, type StoredEvent } from '@app/event-store';
import { freePort } from '@app/platform';
import { DEMO_SIMULATOR_SYSTEM } from '@app/milestones';
import { DEFAULT_DEMO_SEED, SIMULATION_END } from '../apps/cli/src/demo/demo-scenario';
import { httpAlertScan, playDemo } from '../apps/cli/src/demo/play-demo';
import { startSeededService } from './support/seeded-service';
import { demoHistoryTemplate } from './support/demo-history';
import { ADMIN_TOKEN, type TestApp } from './support/test-app';
import { ROOT } from './support/run-cli';
import { waitFor } from './support/service-process';

/**
 * Everything of an event except what the store assigns when it records it (position, time, hash). The
 * alert monitor stamps its own events with the wall clock (`occurredAt` = when it ran): that goes too.
 */
function fingerprint(e: StoredEvent, withoutClock = false): string {
  const { occurredAt, ...rest } = e.metadata;
  return JSON.stringify({
    stream: e.streamId,
    version: e.version,
    id: e.eventId,
    type: e.type,
    data: e.data,
    metadata: withoutClock ? rest : { ...rest, occurredAt },
  });
}

type Simulated = { simulated: string[]; alerts: string[]; counts: Record<string, number> };

/** The simulator's events of the service `t` (in order) and the alert events (as a set). */
async function simulatedOf(t: TestApp): Promise<Simulated> {
  const events = await t.app.get(EventStore).readAll(0, 1_000_000);
  const simulated = events.filter((e) => e.metadata.actor?.system === DEMO_SIMULATOR_SYSTEM);
  const alerts = events.filter((e) => e.streamId.startsWith('alert-') && e.streamId !== 'alert-runs');
  const counts: Record<string, number> = {};
  for (const e of simulated) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return {
    simulated: simulated.map((e) => fingerprint(e)),
    alerts: alerts.map((e) => fingerprint(e, true)).sort(),
    counts,
  };
}

/** Plays the demo on a fresh database; returns what it simulated (`simulatedOf`). */
async function simulateOnce(seed: string): Promise<Simulated> {
  const t = await startSeededService();
  try {
    const { result } = await playDemo(t.app, { seed, scan: httpAlertScan(t.baseUrl, ADMIN_TOKEN) });
    expect(result.scansUnavailable).toBe(false);
    return await simulatedOf(t);
  } finally {
    await t.close();
  }
}

/** What the run's simulated history holds (played once by the first file that asked: demo-history.ts). */
async function simulatedByTemplate(): Promise<Simulated> {
  const t = await startSeededService({}, { copyOf: await demoHistoryTemplate() });
  try {
    return await simulatedOf(t);
  } finally {
    await t.close();
  }
}

describe('demo history (模拟数据)', () => {
  // The second run is the one the dashboard's tests share (a copy of it): the same as a fresh one.
  it('is identical across two runs with the same seed: events, ids and metadata; alerts too', async () => {
    const a = await simulateOnce(DEFAULT_DEMO_SEED);
    const b = await simulatedByTemplate();
    expect(a.simulated.length).toBeGreaterThan(1000);
    expect(b.simulated).toEqual(a.simulated);
    expect(a.alerts.length).toBeGreaterThan(50);
    expect(b.alerts).toEqual(a.alerts);
    // A realistic mix: reports, delays, claims, 销号, returns, re-baselines, revised targets, a cancellation.
    for (const type of [
      'ProgressReported',
      'DelayReported',
      'CompletionSubmitted',
      'CompletionAccepted',
      'CompletionReturned',
      'DueDateRebaselined',
      'IndicatorTargetRevised',
    ]) {
      expect(a.counts[type]).toBeGreaterThan(0);
    }
    // Every simulated event says so: the actor's system and a 模拟数据 token name.
    for (const f of a.simulated) {
      const e = JSON.parse(f) as { metadata: { actor: { system: string; tokenName: string } } };
      expect(e.metadata.actor.system).toBe(DEMO_SIMULATOR_SYSTEM);
      expect(e.metadata.actor.tokenName.startsWith('模拟数据·')).toBe(true);
    }
  }, 240_000);

  describe('npm run demo (scripts/demo.js) on a fresh data directory', () => {
    let child: ChildProcess | undefined;
    let dir: string;
    let out = '';
    let baseUrl = '';

    async function stop(): Promise<void> {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child!.on('exit', r));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 20_000)))]);
      clearTimeout(timer);
    }

    /** Starts `npm run demo` on `dir` and waits until it says it is ready (or exits). */
    async function start(): Promise<void> {
      const port = await freePort();
      const env: Record<string, string | undefined> = {
        ...process.env,
        DEMO_DATA_DIR: dir,
        DEMO_PORT: String(port),
        // The test's 销号 refers to evidence by a made-up fingerprint (test/evidence.e2e-spec.ts uploads files).
        EVIDENCE_REQUIRE_UPLOAD: 'false',
      };
      delete env.DATA_DIR;
      delete env.DATABASE_URL;
      out = '';
      child = spawn(process.execPath, [path.join(ROOT, 'scripts/demo.js')], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      baseUrl = `http://127.0.0.1:${port}`;
      await waitFor(
        async () => out.includes('演示已就绪') || out.includes('退出码') || child!.exitCode !== null,
        180_000,
        `demo ready\n${out}`,
      );
    }

    const state = () =>
      JSON.parse(fs.readFileSync(path.join(dir, 'demo-state.json'), 'utf8')) as {
        complete: boolean;
        logins: { role: string; unit?: string; token: string }[];
      };
    const call = async (token: string, method: string, p: string, body?: object) => {
      const r = await fetch(`${baseUrl}${p}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };

    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-demo-'));
      fs.chmodSync(dir, 0o755);
    });
    afterAll(async () => {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('serves a populated overview within 3 minutes, with a login per role, all marked 模拟数据', async () => {
      const started = Date.now();
      await start();
      expect(child!.exitCode).toBeNull();
      expect(out).toContain('演示已就绪');
      expect(Date.now() - started).toBeLessThan(180_000);

      const { complete, logins } = state();
      expect(complete).toBe(true);
      expect(logins.map((l) => l.role).sort()).toEqual(
        ['admin', 'reporter', 'reporter', 'reporter', 'supervisor', 'viewer'].sort(),
      );
      for (const l of logins) expect(out).toContain(l.token);
      expect(out).toContain(`${baseUrl}/`);

      const viewer = logins.find((l) => l.role === 'viewer')!.token;
      const get = (p: string) => call(viewer, 'GET', p);
      // The dashboard itself, without a token.
      const page = await fetch(`${baseUrl}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app">');
      // The data says it is simulated.
      const session = await get('/api/v1/dashboard/session');
      expect(session.body['simulatedData']).toMatchObject({ simulated: true });
      // The URL printed opens the dashboard on the last simulated day, the day the service names.
      const until = (session.body['simulatedData'] as { simulatedUntil: string }).simulatedUntil;
      expect(until).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(until > '2022-12-01' && until <= SIMULATION_END).toBe(true);
      expect(out).toContain(`${baseUrl}/?asOf=${until}`);
      // The overview's numbers: every zone has milestones, some completed, some late.
      const zones = await get('/api/v1/stats/zones');
      expect(zones.status).toBe(200);
      expect(JSON.stringify(zones.body)).toContain('都市核心区');
      const list = await get('/api/v1/milestones?schedule=completed_on_time');
      expect(list.status).toBe(200);
      const alerts = await get('/api/v1/alerts?limit=1');
      expect(alerts.body['total']).toBeGreaterThan(50);
    }, 240_000);

    it('after reporting and accepting with its own tokens, a restart prints the same tokens and serves the same data', async () => {
      const { logins } = state();
      const supervisor = logins.find((l) => l.role === 'supervisor')!.token;
      const reporter = logins.find((l) => l.role === 'reporter')!;
      // A progress report and a completion claim of the reporter's own unit, and its 销号.
      const open = await call(
        reporter.token,
        'GET',
        `/api/v1/milestones?unit=${reporter.unit!}&role=lead&lifecycle=in_progress,planned,returned&pageSize=50`,
      );
      // On a 分别牵头 milestone the reporter answers for its own assignment (承办事项): its lifecycle and percent.
      type Share = { key?: string; lifecycle: string; percent: number | null };
      const rows = open.body['items'] as (Share & { id: string; assignments?: Share[] })[];
      const shareOf = (m: (typeof rows)[number]): Share =>
        m.assignments?.find((a) => a.key === reporter.unit) ?? m;
      const mine = rows.find((m) => ['in_progress', 'planned', 'returned'].includes(shareOf(m).lifecycle))!;
      const reported = await call(reporter.token, 'POST', `/api/v1/milestones/${mine.id}/progress`, {
        percent: Math.min(100, (shareOf(mine).percent ?? 0) + 1),
        narrative: '演示中填报',
      });
      expect(reported.status).toBe(200);
      const claimed = await call(reporter.token, 'POST', `/api/v1/milestones/${mine.id}/completion`, {
        completedOn: new Date().toISOString().slice(0, 10),
        narrative: '演示中提交完成',
        evidence: [{ name: '验收材料.pdf', sha256: 'c'.repeat(64) }],
      });
      expect(claimed.status).toBe(200);
      const accepted = await call(supervisor, 'POST', `/api/v1/milestones/${mine.id}/acceptance`, {
        note: '演示中核验',
      });
      expect(accepted.status).toBe(200);

      await stop();
      await start();
      expect(child!.exitCode).toBeNull();
      expect(out).toContain('演示已就绪');
      expect(out).not.toContain('退出码');
      expect(out).toContain('演示中的手工填报');
      expect(state().logins.map((l) => l.token)).toEqual(logins.map((l) => l.token));
      for (const l of logins) expect(out).toContain(l.token);
      const history = await call(supervisor, 'GET', `/api/v1/milestones/${mine.id}/history`);
      expect((history.body as unknown as { type: string }[]).at(-1)!.type).toBe('CompletionAccepted');
    }, 240_000);
  });
});
