import { randomUUID } from 'node:crypto';
import { createToken } from './support/seeded-app';
import { shapeErrors } from './support/schema-shape';
import { startSeededService } from './support/seeded-service';
import { type TestApp } from './support/test-app';

/** One error answer to provoke: the route as documented, the request, the status the rule says. */
type Route = [method: string, route: string, url: string];

interface Case {
  readonly rule: string;
  readonly method: string;
  readonly route: string;
  readonly url: string;
  readonly status: number;
  readonly token?: string | null;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
}

type Response = { description: string; content?: Record<string, { schema?: { $ref?: string } }> };
type Doc = {
  paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, Response> }>>;
  components: { schemas: Record<string, object> };
};

describe('OpenAPI: the error answers the document lists are the ones the server sends', () => {
  let t: TestApp;
  let doc: Doc;
  let reporter: string;
  let milestone: string;
  let unit: string;
  beforeAll(async () => {
    t = await startSeededService();
    doc = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body as Doc;
    const deadline = Date.now() + 60_000;
    while ((await t.request('GET', '/health/ready', { token: null })).status !== 200) {
      if (Date.now() > deadline) throw new Error('not ready within 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    const first = (await t.request('GET', '/api/v1/milestones?pageSize=1')).body.items[0];
    milestone = first.id as string;
    unit = first.leadUnits[0].id as string;
    reporter = await createToken(t, 'reporter', 'openapi-errors', unit);
  }, 90_000);
  afterAll(async () => t?.close());

  const cases = (): Case[] => [
    ...(
      [
        ['GET', '/api/v1/milestones', '/api/v1/milestones'],
        ['GET', '/api/v1/milestones/{id}/board', `/api/v1/milestones/${milestone}/board`],
        ['POST', '/api/v1/milestones/{id}/progress', `/api/v1/milestones/${milestone}/progress`],
        ['GET', '/api/v1/status/freshness', '/api/v1/status/freshness'],
        ['DELETE', '/api/v1/tokens/{id}', `/api/v1/tokens/${randomUUID()}`],
      ] satisfies Route[]
    ).map(([method, route, url]) => ({ rule: 'no token', method, route, url, status: 401, token: null })),
    ...(
      [
        ['GET', '/api/v1/tokens', '/api/v1/tokens'],
        ['GET', '/api/v1/audit/verification', '/api/v1/audit/verification'],
        ['POST', '/api/v1/plans:import', '/api/v1/plans:import'],
        ['POST', '/api/v1/alerts:scan', '/api/v1/alerts:scan'],
        ['PUT', '/api/v1/units/{id}/contacts', `/api/v1/units/${unit}/contacts`],
        ['POST', '/api/v1/years/{year}:close', '/api/v1/years/2021:close'],
        ['POST', '/api/v1/milestones/{id}/acceptance', `/api/v1/milestones/${milestone}/acceptance`],
      ] satisfies Route[]
    ).map(([method, route, url]) => ({
      rule: 'a reporter on a supervisor’s or admin’s route',
      ...{ method, route, url, status: 403, token: reporter, body: method === 'GET' ? undefined : {} },
    })),
    ...(
      [
        ['GET', '/api/v1/milestones/{id}', '/api/v1/milestones/NO-SUCH'],
        ['GET', '/api/v1/milestones/{id}/history', '/api/v1/milestones/NO-SUCH/history'],
        ['GET', '/api/v1/milestones/{id}/board', '/api/v1/milestones/NO-SUCH/board'],
        ['GET', '/api/v1/milestones/{id}/health-history', '/api/v1/milestones/NO-SUCH/health-history'],
        ['GET', '/api/v1/tasks/{no}', '/api/v1/tasks/9999'],
        ['GET', '/api/v1/alerts/{id}', `/api/v1/alerts/${randomUUID()}`],
        ['GET', '/api/v1/units/{id}/agenda', '/api/v1/units/no-such-unit/agenda'],
        ['GET', '/api/v1/units/{id}/robots', '/api/v1/units/no-such-unit/robots'],
        ['DELETE', '/api/v1/tokens/{id}', `/api/v1/tokens/${randomUUID()}`],
        ['POST', '/api/v1/alerts/deliveries/{id}/retry', `/api/v1/alerts/deliveries/${randomUUID()}/retry`],
      ] satisfies Route[]
    ).map(([method, route, url]) => ({ rule: 'an unknown id', method, route, url, status: 404 })),
    ...(
      [
        [
          'POST',
          '/api/v1/milestones/{id}/progress',
          `/api/v1/milestones/${milestone}/progress`,
          { percent: 'x' },
        ],
        ['POST', '/api/v1/tokens', '/api/v1/tokens', { role: 'emperor', name: 'x' }],
        ['POST', '/api/v1/alerts:scan', '/api/v1/alerts:scan', { asOf: 'yesterday' }],
        ['GET', '/api/v1/milestones', '/api/v1/milestones?pageSize=many'],
        ['GET', '/api/v1/alerts', '/api/v1/alerts?state=sleeping'],
        ['GET', '/api/v1/milestones', '/api/v1/milestones?zone=nope'], // `known` a list
        ['GET', '/api/v1/stats/zones', '/api/v1/stats/zones?section=99'], // `known` a list of numbers
      ] as const
    ).map(([method, route, url, body]) => ({
      rule: 'a bad body or filter',
      method,
      route,
      url,
      status: 400,
      body,
    })),
    {
      rule: 'a bad If-Match',
      ...{ method: 'POST', route: '/api/v1/milestones/{id}/progress', status: 400 },
      url: `/api/v1/milestones/${milestone}/progress`,
      body: { percent: 10 },
      headers: { 'If-Match': '"a", "b"' },
    },
    {
      rule: 'a bad X-Min-Position',
      ...{ method: 'GET', route: '/api/v1/plans', url: '/api/v1/plans', status: 400 },
      headers: { 'X-Min-Position': 'soon' },
    },
    {
      rule: 'a body not JSON',
      ...{ method: 'POST', route: '/api/v1/tokens', url: '/api/v1/tokens', status: 415 },
      rawBody: 'role=viewer',
      headers: { 'content-type': 'text/plain' },
    },
  ];

  it('each sampled error is documented for its route, as problem+json of ProblemDetails, and the body fits it', async () => {
    const off: string[] = [];
    for (const c of cases()) {
      const r = await t.request(c.method, c.url, {
        ...(c.token !== undefined ? { token: c.token } : {}),
        ...(c.body !== undefined ? { body: c.body } : {}),
        ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : {}),
        ...(c.headers ? { headers: c.headers } : {}),
      });
      const name = `${c.rule}: ${c.method} ${c.url} → ${r.status}`;
      if (r.status !== c.status) {
        off.push(`${name}, expected ${c.status} (${r.text.slice(0, 160)})`);
        continue;
      }
      const documented = doc.paths[c.route]?.[c.method.toLowerCase()]?.responses[String(c.status)];
      if (!documented) {
        off.push(`${name} is not documented for ${c.method} ${c.route}`);
        continue;
      }
      const schema = documented.content?.['application/problem+json']?.schema;
      if (schema?.$ref !== '#/components/schemas/ProblemDetails')
        off.push(`${name} documented without ProblemDetails`);
      if (!r.headers.get('content-type')?.startsWith('application/problem+json'))
        off.push(`${name} not problem+json`);
      if (r.body?.status !== c.status) off.push(`${name}: body.status ${r.body?.status}`);
      off.push(...shapeErrors(doc, { $ref: '#/components/schemas/ProblemDetails' }, r.body, name));
    }
    expect(off).toEqual([]);
  }, 60_000);

  it('a route that needs a token lists 401 and 429; a public one needs none', () => {
    const off: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const codes = Object.keys(op.responses);
        const isPublic = Array.isArray(op.security) && op.security.length === 0;
        if (path.startsWith('/api/v1/') === isPublic) off.push(`${method} ${path}: public ${isPublic}`);
        if (!isPublic && !(codes.includes('401') && codes.includes('429')))
          off.push(`${method} ${path}: ${codes.join(',')}`);
      }
    }
    expect(off).toEqual([]);
  });
});
