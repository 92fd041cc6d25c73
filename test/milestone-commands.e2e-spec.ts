import { DataSource } from 'typeorm';
import { IdempotencyPurge } from '../apps/api/src/http/idempotency-purge';
import { IdempotencyService } from '../apps/api/src/http/idempotency.service';
import { startSeededService } from './support/seeded-service';
import { startTestApp, type TestApp } from './support/test-app';

const M = 'sanqu-2020.T06-2021'; // 着力培育新兴产业集群, 2021: lead 市工业和信息化局
const EVIDENCE = [{ name: '投资推介会签约清单.pdf', sha256: 'a'.repeat(64) }];

describe('milestone commands over HTTP', () => {
  let t: TestApp;
  let lead: string; // reporter of the lead unit
  let coop: string; // reporter of a cooperating unit
  let other: string; // reporter of an unrelated unit
  let supervisor: string;
  let viewer: string;

  async function token(role: string, name: string, unit?: string): Promise<string> {
    const r = await t.request('POST', '/api/v1/tokens', { body: { role, name, ...(unit ? { unit } : {}) } });
    expect(r.status).toBe(201);
    return r.body.token as string;
  }
  const eventCount = async (): Promise<number> =>
    (await t.request('GET', '/api/v1/audit/verification')).body.checked;

  beforeAll(async () => {
    t = await startSeededService();
    const units: { id: string; name: string }[] = (await t.request('GET', '/api/v1/units')).body;
    const id = (name: string) => units.find((u) => u.name === name)!.id;
    lead = await token('reporter', '工信局填报员', id('市工业和信息化局'));
    coop = await token('reporter', '商务局填报员', id('市商务局'));
    other = await token('reporter', '水利局填报员', id('市水利局'));
    supervisor = await token('supervisor', '督查室');
    viewer = await token('viewer', '审计');
  }, 90_000);
  afterAll(async () => t?.close());

  it('lead reports 30% then 60% and submits; a supervisor accepts (销号); the history shows actors and both time axes', async () => {
    const p1 = await t.request('POST', `/api/v1/milestones/${M}/progress`, {
      token: lead,
      body: { percent: 30, narrative: '已举办推介会 1 场 🎉', occurredAt: '2021-04-30T10:00:00+08:00' },
    });
    expect(p1.status).toBe(200);
    expect(p1.body).toEqual({ milestoneId: M, version: 2, position: expect.any(Number) });
    const p2 = await t.request('POST', `/api/v1/milestones/${M}/progress`, {
      token: coop,
      body: {
        percent: 60,
        narrative: '新引进项目 32 个',
        indicatorActuals: [{ metric: '引进投资超亿元的产业项目', actual: 32 }],
      },
    });
    expect(p2.status).toBe(200);
    const sub = await t.request('POST', `/api/v1/milestones/${M}/completion`, {
      token: lead,
      body: {
        completedOn: '2021-12-20',
        narrative: '全年引进项目 52 个',
        evidence: EVIDENCE,
        occurredAt: '2021-12-28T09:00:00+08:00',
      },
    });
    expect(sub.status).toBe(200);
    const acc = await t.request('POST', `/api/v1/milestones/${M}/acceptance`, {
      token: supervisor,
      body: { note: '材料齐全，同意销号' },
    });
    expect(acc.status).toBe(200);
    expect(acc.body.version).toBe(5);

    const h = await t.request('GET', `/api/v1/milestones/${M}/history`, { token: viewer });
    expect(h.status).toBe(200);
    const events = h.body as {
      type: string;
      actor: { role: string; tokenName: string };
      occurredAt: string;
      recordedAt: string;
      backdated: boolean;
      actorUnitName: string;
      data: { narrative?: string };
    }[];
    expect(events.map((e) => e.type)).toEqual([
      'MilestonePlanned',
      'ProgressReported',
      'ProgressReported',
      'CompletionSubmitted',
      'CompletionAccepted',
    ]);
    expect(events[1]).toMatchObject({
      actor: { role: 'reporter', tokenName: '工信局填报员' },
      actorUnitName: '市工业和信息化局',
      occurredAt: '2021-04-30T02:00:00.000Z',
      backdated: true,
      data: { narrative: '已举办推介会 1 场 🎉' },
    });
    expect(events[2]).toMatchObject({
      actor: { tokenName: '商务局填报员' },
      actorUnitName: '市商务局',
      backdated: false,
    });
    expect(events[4]!.actor).toMatchObject({ role: 'supervisor', tokenName: '督查室' });
    for (const e of events.slice(1))
      expect(Date.parse(e.recordedAt)).toBeGreaterThanOrEqual(Date.parse(e.occurredAt));

    const csv = await t.request('GET', `/api/v1/milestones/${M}/history?format=csv`, { token: viewer });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.text).toContain('"报告进展"');
    expect(csv.text).toContain('已举办推介会 1 场 🎉');
    // Times as the plan's wall clock with its offset (the JSON above keeps UTC: 2021-04-30T02:00:00.000Z).
    expect(csv.text).toContain('"报告进展","ProgressReported","2021-04-30 10:00:00+08:00",');
    expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(6);
  });

  it('refuses an unrelated unit (403, nothing written), a revoked token (401) and a viewer (403)', async () => {
    const m = 'sanqu-2020.T06-2022';
    const before = await eventCount();
    const bodies: [string, object][] = [
      ['progress', { percent: 10, narrative: 'x' }],
      ['delays', { reason: 'x', forecastDate: '2023-03-31' }],
      ['completion', { completedOn: '2022-12-01', narrative: 'x', evidence: EVIDENCE }],
      ['acceptance', {}],
      ['return', { reason: 'x' }],
      ['rebaseline', { newDueDate: '2023-06-30', reason: 'x' }],
      ['cancellation', { reason: 'x' }],
    ];
    for (const [route, body] of bodies) {
      const r = await t.request('POST', `/api/v1/milestones/${m}/${route}`, { token: other, body });
      expect({ route, status: r.status }).toEqual({ route, status: 403 });
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      const v = await t.request('POST', `/api/v1/milestones/${m}/${route}`, { token: viewer, body });
      expect({ route, status: v.status }).toEqual({ route, status: 403 });
    }
    // A cooperating unit may report but not submit completion.
    const c = await t.request('POST', `/api/v1/milestones/${m}/completion`, {
      token: coop,
      body: bodies[2]![1],
    });
    expect(c.status).toBe(403);
    expect(c.body.code).toBe('FORBIDDEN_NOT_LEAD_UNIT');
    expect(await eventCount()).toBe(before);

    const tmp = await t.request('POST', '/api/v1/tokens', { body: { role: 'supervisor', name: 'temp' } });
    await t.request('DELETE', `/api/v1/tokens/${tmp.body.id}`);
    const revoked = await t.request('POST', `/api/v1/milestones/${m}/cancellation`, {
      token: tmp.body.token,
      body: { reason: 'x' },
    });
    expect(revoked.status).toBe(401);
    expect(await eventCount()).toBe(before);
  });

  it('admits at each route only the roles that may issue its command: 403 FORBIDDEN_ROLE before the body or the milestone is read', async () => {
    const admitted: Record<string, string[]> = {
      progress: ['reporter', 'supervisor'],
      delays: ['reporter', 'supervisor'],
      completion: ['reporter'],
      acceptance: ['supervisor'],
      return: ['supervisor'],
      rebaseline: ['supervisor'],
      'indicator-target': ['supervisor'],
      cancellation: ['supervisor'],
    };
    const callers: [string, string][] = [
      ['reporter', other],
      ['supervisor', supervisor],
      ['viewer', viewer],
    ];
    for (const [route, roles] of Object.entries(admitted)) {
      for (const [role, caller] of callers) {
        // An empty body for a milestone that does not exist: a role the route admits gets 400 or 404 instead.
        const r = await t.request('POST', `/api/v1/milestones/no-such-milestone/${route}`, {
          token: caller,
          body: {},
        });
        const refused = { code: 'FORBIDDEN_ROLE', requiredRoles: roles };
        if (roles.includes(role))
          expect({ route, role, status: r.status }).not.toMatchObject({ status: 403 });
        else
          expect({ route, role, status: r.status, ...r.body }).toMatchObject({
            route,
            role,
            status: 403,
            ...refused,
          });
      }
    }
  });

  it('10 parallel requests with one Idempotency-Key: one event, ten equal responses; other body → 422', async () => {
    const m = 'sanqu-2020.T07-2021';
    const units: { id: string; name: string }[] = (await t.request('GET', '/api/v1/units')).body;
    const gongxin = lead; // 市工业和信息化局 leads task 7 too
    expect(units.length).toBeGreaterThan(0);
    const before = await eventCount();
    const body = { percent: 40, narrative: '技改投资增速 6%' };
    const rs = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.request('POST', `/api/v1/milestones/${m}/progress`, {
          token: gongxin,
          body,
          headers: { 'Idempotency-Key': 'report-2021-07-key-1' },
        }),
      ),
    );
    expect(rs.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(rs.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await eventCount()).toBe(before + 1);
    const again = await t.request('POST', `/api/v1/milestones/${m}/progress`, {
      token: gongxin,
      body,
      headers: { 'Idempotency-Key': 'report-2021-07-key-1' },
    });
    expect(again.body).toEqual(rs[0]!.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const different = await t.request('POST', `/api/v1/milestones/${m}/progress`, {
      token: gongxin,
      body: { percent: 41, narrative: '技改投资增速 6%' },
      headers: { 'Idempotency-Key': 'report-2021-07-key-1' },
    });
    expect(different.status).toBe(422);
    expect(different.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await eventCount()).toBe(before + 1);
  });

  it('keeps Idempotency-Key records for IDEMPOTENCY_RETENTION_HOURS (168 h by default), then purges them', async () => {
    const m = 'sanqu-2020.T07-2021';
    const send = (key: string, percent: number) =>
      t.request('POST', `/api/v1/milestones/${m}/progress`, {
        token: lead,
        body: { percent, narrative: `留存测试 ${percent}%` },
        headers: { 'Idempotency-Key': key },
      });
    expect((await send('retention-old', 44)).status).toBe(200);
    expect((await send('retention-new', 45)).status).toBe(200);
    // One record from 8 days ago, one from 6 days ago (their answers stored: a success's goes after its response).
    const answersStored = () => t.app.get(IdempotencyService).answersStored();
    await answersStored();
    const pg = t.app.get(DataSource);
    await pg.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '8 days' WHERE key = 'retention-old'`,
    );
    await pg.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '6 days' WHERE key = 'retention-new'`,
    );
    expect(await t.app.get(IdempotencyPurge).purgeExpired()).toBeGreaterThanOrEqual(1);

    const before = await eventCount();
    const recent = await send('retention-new', 45);
    expect(recent.headers.get('idempotent-replayed')).toBe('true');
    expect(await eventCount()).toBe(before);
    // The purged key runs again: the same command is still found by its events (nothing new is recorded, and the
    // answer says it was done before) ...
    const rerun = await send('retention-old', 44);
    expect([rerun.status, rerun.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
    expect(await eventCount()).toBe(before);
    // ... and, once purged, the key may carry another command, which is recorded.
    await answersStored();
    await pg.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '8 days' WHERE key = 'retention-old'`,
    );
    expect(await t.app.get(IdempotencyPurge).purgeExpired()).toBe(1);
    const other = await send('retention-old', 46);
    expect(other.status).toBe(200);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(await eventCount()).toBe(before + 1);
  });

  it('two parallel requests with the same If-Match: one succeeds, the other gets 409 with the current version', async () => {
    const m = 'sanqu-2020.T07-2022';
    const h = await t.request('GET', `/api/v1/milestones/${m}/history`);
    const version = h.body.length as number;
    const [a, b] = await Promise.all(
      [20, 25].map((percent) =>
        t.request('POST', `/api/v1/milestones/${m}/progress`, {
          token: lead,
          body: { percent, narrative: `进展 ${percent}%` },
          headers: { 'If-Match': `"${version}"` },
        }),
      ),
    );
    expect([a!.status, b!.status].sort()).toEqual([200, 409]);
    const conflict = a!.status === 409 ? a! : b!;
    expect(conflict.body).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', currentVersion: version + 1 });
  });

  it('bad input: malformed JSON, unknown field, percent 120, huge body, control characters — 4xx, nothing written, no 5xx', async () => {
    const m = 'sanqu-2020.T07-2020';
    const before = await eventCount();
    const url = `/api/v1/milestones/${m}/progress`;
    const malformed = await t.request('POST', url, { token: supervisor, rawBody: '{"percent": 10,' });
    expect(malformed.status).toBe(400);
    const unknown = await t.request('POST', url, {
      token: supervisor,
      body: { percent: 10, narrative: 'x', colour: 'green' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.field).toBe('colour');
    const tooMuch = await t.request('POST', url, {
      token: supervisor,
      body: { percent: 120, narrative: 'x' },
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.field).toBe('percent');
    expect(tooMuch.body.detailZh).toBe('「完成进度」须为 0 到 100 之间的整数，收到 120');
    const huge = await t.request('POST', url, {
      token: supervisor,
      body: { percent: 10, narrative: '长'.repeat(300_000) },
    });
    expect(huge.status).toBe(413);
    const cr = await t.request('POST', url, {
      token: supervisor,
      body: { percent: 10, narrative: 'a\r\nBcc: x@evil.test' },
    });
    expect(cr.status).toBe(400);
    expect(cr.body.field).toBe('narrative');
    const long = await t.request('POST', url, {
      token: supervisor,
      body: { percent: 10, narrative: '😀'.repeat(5001) },
    });
    expect(long.status).toBe(400);
    const fine = await t.request('POST', url, {
      token: supervisor,
      body: { percent: 10, narrative: '😀'.repeat(5000) },
    });
    expect(fine.status).toBe(200);
    const future = await t.request('POST', url, {
      token: supervisor,
      body: { percent: 11, narrative: 'x', occurredAt: '2099-01-01T00:00:00Z' },
    });
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('OCCURRED_AT_IN_FUTURE');
    const down = await t.request('POST', url, { token: supervisor, body: { percent: 5, narrative: 'x' } });
    expect(down.status).toBe(422);
    expect(down.body.code).toBe('PERCENT_DECREASE_REASON_REQUIRED');
    const notFound = await t.request('POST', '/api/v1/milestones/sanqu-2020.T99-2021/progress', {
      token: supervisor,
      body: { percent: 10, narrative: 'x' },
    });
    expect(notFound.status).toBe(404);
    expect(await eventCount()).toBe(before + 1);
  });

  it('acceptance of a milestone that was not submitted is a coded conflict', async () => {
    const r = await t.request('POST', '/api/v1/milestones/sanqu-2020.T06-2020/acceptance', {
      token: supervisor,
      body: {},
    });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('COMPLETION_NOT_SUBMITTED');
    expect(r.body.detailZh).toBeTruthy();
  });
});

describe('rate limiting', () => {
  it('answers 429 problem+json past the limit', async () => {
    const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await t.request('GET', '/api/v1/tokens')).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
      const r = await t.request('GET', '/api/v1/tokens');
      expect(r.body.code).toBe('RATE_LIMITED');
      expect(r.headers.get('retry-after')).toBeTruthy();
    } finally {
      await t.close();
    }
  });
});
