import { startSeededService } from './support/seeded-service';
import { ADMIN_TOKEN, startTestApp, type TestApp } from './support/test-app';

const M = 'sanqu-2020.T06-2021'; // lead 市工业和信息化局
const EVIDENCE = [{ name: '签约清单.pdf', sha256: 'a'.repeat(64) }];

async function token(t: TestApp, role: string, name: string, unit?: string): Promise<string> {
  const r = await t.request('POST', '/api/v1/tokens', { body: { role, name, ...(unit ? { unit } : {}) } });
  expect(r.status).toBe(201);
  return r.body.token as string;
}

describe('HTTP edge: media types, methods, security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSeededService();
  }, 90_000);
  afterAll(async () => t?.close());
  const eventCount = async (): Promise<number> =>
    (await t.request('GET', '/api/v1/audit/verification')).body.checked;

  it('an acceptance (销号) sent as text/plain is 415 and writes nothing; as JSON its note is kept', async () => {
    const units: { id: string; name: string }[] = (await t.request('GET', '/api/v1/units')).body;
    const lead = await token(t, 'reporter', '工信局', units.find((u) => u.name === '市工业和信息化局')!.id);
    const supervisor = await token(t, 'supervisor', '督查室');
    const submitted = await t.request('POST', `/api/v1/milestones/${M}/completion`, {
      token: lead,
      body: { completedOn: '2021-12-20', narrative: '完成', evidence: EVIDENCE },
    });
    expect(submitted.status).toBe(200);
    const before = await eventCount();
    for (const contentType of [
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/jsonp',
      '',
    ]) {
      const r = await t.request('POST', `/api/v1/milestones/${M}/acceptance`, {
        token: supervisor,
        rawBody: '{"note":"材料齐全，同意销号"}',
        headers: { 'content-type': contentType },
      });
      expect([contentType, r.status, r.headers.get('content-type'), r.body.code]).toEqual([
        contentType,
        415,
        'application/problem+json; charset=utf-8',
        'UNSUPPORTED_MEDIA_TYPE',
      ]);
    }
    expect(await eventCount()).toBe(before);
    const ok = await t.request('POST', `/api/v1/milestones/${M}/acceptance`, {
      token: supervisor,
      rawBody: '{"note":"材料齐全，同意销号"}',
      headers: { 'content-type': 'Application/JSON; Charset="UTF-8"' },
    });
    expect(ok.status).toBe(200);
    const history = (await t.request('GET', `/api/v1/milestones/${M}/history`)).body as {
      type: string;
      data: { note?: string };
    }[];
    expect(history.at(-1)).toMatchObject({
      type: 'CompletionAccepted',
      data: { note: '材料齐全，同意销号' },
    });
  });

  it('a wrong method on an existing path is 405 with Allow (not 404); OPTIONS lists the methods', async () => {
    const cases: [string, string, string][] = [
      ['DELETE', '/api/v1/plans', 'GET, HEAD, OPTIONS'],
      ['GET', '/api/v1/plans:import', 'OPTIONS, POST'],
      ['PUT', `/api/v1/milestones/${M}/progress`, 'OPTIONS, POST'],
      ['PATCH', '/api/v1/tokens', 'GET, HEAD, OPTIONS, POST'],
      ['POST', '/api/v1/units/dept-transport/contacts', 'GET, HEAD, OPTIONS, PUT'],
      ['DELETE', '/health/live', 'GET, HEAD, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const r = await t.request(method, path, { token: null });
      expect([method, path, r.status, r.headers.get('allow'), r.body?.code]).toEqual([
        method,
        path,
        405,
        allow,
        'METHOD_NOT_ALLOWED',
      ]);
      expect(r.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    }
    const options = await t.request('OPTIONS', '/api/v1/tokens/abc', { token: null });
    expect([options.status, options.headers.get('allow')]).toEqual([204, 'DELETE, OPTIONS']);
    expect((await t.request('DELETE', '/api/v1/no-such-thing')).status).toBe(404);
  });

  it('a request line too large for the HTTP parser still gets problem+json (431)', async () => {
    const r = await t.request('GET', `/api/v1/milestones?q=${'x'.repeat(100_000)}`);
    expect([r.status, r.headers.get('content-type'), r.body?.code]).toEqual([
      431,
      'application/problem+json; charset=utf-8',
      'HEADERS_TOO_LARGE',
    ]);
  });

  it('security headers on API answers, problems and the OpenAPI pages', async () => {
    const api = await t.request('GET', '/api/v1/plans');
    const problem = await t.request('GET', '/api/v1/plans', { token: null });
    const docs = await t.request('GET', '/api/docs', { token: null });
    const json = await t.request('GET', '/api/docs/openapi.json', { token: null });
    for (const r of [api, problem, docs, json]) {
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-powered-by')).toBeNull();
    }
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(problem.status).toBe(401);
    // Swagger UI loads its own scripts and styles (and writes inline styles); nothing from elsewhere.
    const docsCsp = docs.headers.get('content-security-policy')!;
    expect(docsCsp).toContain("script-src 'self'");
    expect(docsCsp).not.toMatch(/script-src[^;]*unsafe/);
    expect(docs.text).not.toMatch(/<script>(?!\s*<\/script>)/);
  });
});

describe('rate limit: one budget per token; the client address only without one', () => {
  it('two tokens from one address have separate budgets; a third, unknown token counts against the address', async () => {
    const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '4' });
    try {
      const a = await token(t, 'viewer', 'A'); // the admin spends 1 of its 4 here
      const b = await token(t, 'viewer', 'B'); // and 2
      const statuses = async (tok: string | null, n: number, headers: Record<string, string> = {}) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++)
          out.push((await t.request('GET', '/api/v1/plans', { token: tok, headers })).status);
        return out;
      };
      expect(await statuses(a, 5)).toEqual([200, 200, 200, 200, 429]);
      expect(await statuses(b, 5)).toEqual([200, 200, 200, 200, 429]);
      expect(await statuses(ADMIN_TOKEN, 3)).toEqual([200, 200, 429]);
      expect(await statuses('pm_not-a-token', 5)).toEqual([401, 401, 401, 401, 429]);
      const limited = await t.request('GET', '/api/v1/plans', { token: a });
      expect([limited.body.code, limited.headers.get('retry-after')]).toEqual(['RATE_LIMITED', '60']);
    } finally {
      await t.close();
    }
  });

  it('X-Forwarded-For is not believed unless TRUST_PROXY names the proxy', async () => {
    const xff = (n: number) => ({ 'x-forwarded-for': `203.0.113.${n}` });
    const run = async (t: TestApp) => {
      const out: number[] = [];
      for (let i = 0; i < 4; i++)
        out.push((await t.request('GET', '/api/v1/plans', { token: null, headers: xff(i) })).status);
      return out;
    };
    const off = await startTestApp({ RATE_LIMIT_PER_MINUTE: '2' });
    try {
      expect(await run(off)).toEqual([401, 401, 429, 429]); // one client: the loopback peer
    } finally {
      await off.close();
    }
    const behindProxy = await startTestApp({ RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: 'loopback' });
    try {
      expect(await run(behindProxy)).toEqual([401, 401, 401, 401]); // four clients behind the proxy
    } finally {
      await behindProxy.close();
    }
  });
});
