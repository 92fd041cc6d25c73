import { createToken } from './support/seeded-app';
import { shapeErrors } from './support/schema-shape';
import { startTestApp, type TestApp } from './support/test-app';

type Answer = {
  description: string;
  headers?: Record<string, { schema?: { type?: string } }>;
  content?: Record<string, { schema?: { $ref?: string } }>;
};
type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, Answer> }>>;
  components: { schemas: Record<string, object> };
};

/** RATE_LIMIT_PER_MINUTE over real HTTP, against what the document says of 429 (README "Configuration"). */
describe('rate limit: 429 as the document describes it, one budget per token', () => {
  const LIMIT = 3;
  let t: TestApp;
  let doc: Doc;
  let a: string;
  let b: string;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: String(LIMIT) });
    doc = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body as Doc;
    a = await createToken(t, 'supervisor', 'A'); // the admin's budget, not A's or B's
    b = await createToken(t, 'viewer', 'B');
  });
  afterAll(async () => t.close());

  it('past the limit: 429 problem+json RATE_LIMITED with Retry-After, on every route; another token still passes', async () => {
    const plans = async (token: string) => (await t.request('GET', '/api/v1/plans', { token })).status;
    const within: number[] = [];
    for (let i = 0; i < LIMIT; i++) within.push(await plans(a));
    expect(within).toEqual(Array(LIMIT).fill(200));

    // Past it, on a read and on a command (to a milestone that does not exist: limited before it is looked up).
    const read = await t.request('GET', '/api/v1/plans', { token: a });
    const command = await t.request('POST', '/api/v1/milestones/NO-SUCH/progress', {
      token: a,
      body: { percent: 10, narrative: 'x' },
    });
    for (const [route, method, r] of [
      ['/api/v1/plans', 'get', read],
      ['/api/v1/milestones/{id}/progress', 'post', command],
    ] as const) {
      expect([r.status, r.body?.code]).toEqual([429, 'RATE_LIMITED']);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(shapeErrors(doc, { $ref: '#/components/schemas/ProblemDetails' }, r.body)).toEqual([]);
      const retryAfter = Number(r.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 60).toBe(true);
      const documented = doc.paths[route]?.[method]?.responses['429'];
      expect(documented?.headers?.['Retry-After']?.schema?.type).toBe('integer');
      expect(documented?.content?.['application/problem+json']?.schema?.$ref).toBe(
        '#/components/schemas/ProblemDetails',
      );
    }

    // Another token has its own budget; the public probes are outside the limit (the document lists no 429).
    expect(await plans(b)).toBe(200);
    expect(doc.paths['/health/live']?.get?.responses['429']).toBeUndefined();
    const probes: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++)
      probes.push((await t.request('GET', '/health/live', { token: a })).status);
    expect(probes).toEqual(Array(LIMIT + 2).fill(200));
    expect(await plans(a)).toBe(429); // still limited
  });
});
