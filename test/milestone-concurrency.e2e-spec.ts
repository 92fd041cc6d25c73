import { ExecuteMilestoneCommandHandler } from '@app/milestones';
import { startSeededService } from './support/seeded-service';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Commands without If-Match never answer 409 because someone else wrote first: the server retries until the
 * command is recorded (same-process commands on one milestone wait their turn; a race with another process is
 * retried with jittered backoff). With If-Match the 409 stays (milestone-commands.e2e-spec.ts).
 */
describe('concurrent milestone commands without If-Match', () => {
  let a: TestApp;
  let b: TestApp; // a second API instance on the same database, as another process would be
  let supervisor: string;

  beforeAll(async () => {
    const env = { IMPORT_SEED_ON_START: 'true', RATE_LIMIT_PER_MINUTE: '1000000' };
    a = await startSeededService({ RATE_LIMIT_PER_MINUTE: env.RATE_LIMIT_PER_MINUTE });
    b = await startTestApp(env, { database: a.db, startConsumers: false });
    supervisor = (await a.request('POST', '/api/v1/tokens', { body: { role: 'supervisor', name: '督查室' } }))
      .body.token;
  }, 90_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const report = (t: TestApp, m: string, n: number) =>
    t.request('POST', `/api/v1/milestones/${m}/progress`, {
      token: supervisor,
      body: { percent: 50, narrative: `并发报送 第${n}份` },
    });
  const versionOf = async (m: string): Promise<number> =>
    ((await a.request('GET', `/api/v1/milestones/${m}/history`)).body as unknown[]).length;

  it('100 concurrent reports on one milestone in one process: 100 × 200, 100 events, versions 2…101', async () => {
    const m = 'sanqu-2020.T01-2020';
    const before = await versionOf(m);
    const rs = await Promise.all(Array.from({ length: 100 }, (_, i) => report(a, m, i)));
    expect(rs.filter((r) => r.status !== 200).map((r) => [r.status, r.body?.code])).toEqual([]);
    expect(new Set(rs.map((r) => r.body.version)).size).toBe(100);
    expect(await versionOf(m)).toBe(before + 100);
  });

  it('two processes racing on one milestone (2 × 40 concurrent): every report recorded, none 409', async () => {
    const m = 'sanqu-2020.T06-2020'; // one lead unit: one shared status
    const before = await versionOf(m);
    const rs = await Promise.all(Array.from({ length: 80 }, (_, i) => report(i % 2 ? a : b, m, i)));
    expect(rs.filter((r) => r.status !== 200).map((r) => [r.status, r.body?.code])).toEqual([]);
    expect(await versionOf(m)).toBe(before + 80);
  });

  it('truly saturated (deadline exhausted): 503 MILESTONE_BUSY with Retry-After, nothing written for those', async () => {
    const m = 'sanqu-2020.T03-2020';
    const handler = b.app.get(ExecuteMilestoneCommandHandler);
    const deadlineMs = handler.deadlineMs;
    handler.deadlineMs = 0; // no time to wait for a turn: every command that has to queue gives up at once
    try {
      const before = await versionOf(m);
      const rs = await Promise.all(Array.from({ length: 10 }, (_, i) => report(b, m, i)));
      const busy = rs.filter((r) => r.status === 503);
      expect(rs.filter((r) => r.status !== 503 && r.status !== 200)).toEqual([]);
      // On a loaded machine a connection may also time out (503 DATABASE_UNAVAILABLE, Retry-After 5): still a
      // 503 problem+json with Retry-After and nothing written; the ones that gave up waiting say MILESTONE_BUSY.
      const queuedOut = busy.filter((r) => r.body?.code === 'MILESTONE_BUSY');
      expect(queuedOut.length).toBeGreaterThan(0);
      for (const r of busy) {
        expect(r.headers.get('content-type')).toContain('application/problem+json');
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(['MILESTONE_BUSY', 'DATABASE_UNAVAILABLE']).toContain(r.body.code);
      }
      for (const r of queuedOut) {
        expect(r.headers.get('retry-after')).toBe('1');
        expect(r.body).toMatchObject({ code: 'MILESTONE_BUSY', status: 503, milestoneId: m });
        expect(r.body.detailZh).toContain('重试');
      }
      expect(await versionOf(m)).toBe(before + rs.length - busy.length);
    } finally {
      handler.deadlineMs = deadlineMs;
    }
  });
});
