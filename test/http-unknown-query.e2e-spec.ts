import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { startSeededService } from './support/seeded-service';
import { type TestApp } from './support/test-app';

/*
 * One rule for every route, whatever way it reads its query (none, `@Query('name')`, a DTO): a query parameter the
 * route does not declare is 400 problem+json VALIDATION_FAILED naming it (it was ignored by routes without a DTO:
 * `/audit/verification?from=100` checked the whole chain); a refused command records nothing.
 */
const M = 'sanqu-2020.T01-2020';
const PROBLEM = 'application/problem+json; charset=utf-8';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

describe('query parameters a route does not declare (real HTTP)', () => {
  let t: TestApp;
  const headPosition = async (): Promise<number> =>
    (await t.request('GET', '/api/v1/audit/verification')).body.headPosition as number;

  beforeAll(async () => {
    t = await startSeededService();
  }, 90_000);
  afterAll(async () => t?.close());

  /** 400 problem+json VALIDATION_FAILED naming `field`, in English and Chinese. */
  function expectRefused(r: Awaited<ReturnType<TestApp['request']>>, field: string): void {
    expect([r.status, r.headers.get('content-type'), r.body?.code, r.body?.field]).toEqual([
      400,
      PROBLEM,
      'VALIDATION_FAILED',
      field,
    ]);
    expect(r.body.detail).toContain(field);
    expect(r.body.detailZh).toContain(`「${field}」`);
    expect(r.body.errors).toEqual([expect.objectContaining({ field, code: 'whitelistValidation' })]);
  }

  it('a route without a query: an unknown parameter is 400 naming it; without one, 200', async () => {
    const from = await t.request('GET', '/api/v1/audit/verification?from=100');
    expectRefused(from, 'from');
    expect([from.body.detail, from.body.detailZh]).toEqual([
      'from: is not a query parameter of this route (it takes none)',
      '此接口没有查询参数「from」（它不接受查询参数）',
    ]);
    expectRefused(await t.request('GET', '/api/v1/audit/checkpoint?x=1'), 'x');
    // A guard before the read-your-writes guard: it waits for no position (one far ahead) and judges no header.
    const ahead = await t.request('GET', '/api/v1/audit/checkpoint?x=1', {
      headers: { 'X-Min-Position': String((await headPosition()) + 1_000_000) },
    });
    expectRefused(ahead, 'x');
    expectRefused(
      await t.request('GET', '/api/v1/audit/checkpoint?x=1', { headers: { 'X-Min-Position': 'soon' } }),
      'x',
    );
    // After the guards of who may ask (their order in AppModule is the only thing that keeps it so): no token is
    // 401 at once, a role the route refuses 403, not 400 for the query nor a wait for a position far ahead.
    const far = { 'X-Min-Position': String((await headPosition()) + 1_000_000) };
    const anonymous = await t.request('GET', '/api/v1/audit/checkpoint?x=1', { token: null, headers: far });
    expect([anonymous.status, anonymous.body.code]).toEqual([401, expect.any(String)]);
    const viewer = (
      await t.request('POST', '/api/v1/tokens', { body: { role: 'viewer', name: 'viewer-uq' } })
    ).body.token as string;
    const refused = await t.request('GET', '/api/v1/audit/checkpoint?x=1', { token: viewer, headers: far });
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);
    // A URL of many names: the first ten are named, the answer stays small.
    const many = Array.from({ length: 500 }, (_, i) => `p${i}=1`).join('&');
    const crowd = await t.request('GET', `/api/v1/milestones?${many}`);
    expect([crowd.status, crowd.body.code, crowd.body.errors.length]).toEqual([400, 'VALIDATION_FAILED', 10]);
    expect(JSON.stringify(crowd.body).length).toBeLessThan(20_000);
    const r = await t.request('GET', '/api/v1/audit/verification');
    expect([r.status, r.body.ok]).toEqual([200, true]);
    expect((await t.request('GET', '/api/v1/audit/checkpoint')).status).toBe(200);
  });

  it('a route with @Query names (history: format, asOf, knownAt): only those pass', async () => {
    const known = `/api/v1/milestones/${M}/history?format=json&asOf=2021-06-30&knownAt=2021-06-30`;
    const ok = await t.request('GET', known);
    expect(ok.status).toBe(200);
    expect(Array.isArray(ok.body)).toBe(true);
    const asOf = await t.request('GET', `${known}&as_of=2021-06-30`);
    expectRefused(asOf, 'as_of');
    expect(asOf.body.detailZh).toBe('此接口没有查询参数「as_of」（可用的参数：format、asOf、knownAt）');
    expectRefused(await t.request('GET', `/api/v1/milestones/${M}/history?Format=csv`), 'Format');
  });

  it('a route with a query DTO (the milestone list): its names pass, another is refused the same way', async () => {
    const ok = await t.request(
      'GET',
      '/api/v1/milestones?section=2&year=2021&page=1&pageSize=5&sort=-daysLate',
    );
    expect(ok.status).toBe(200);
    expect(ok.body.items.length).toBeLessThanOrEqual(5);
    const size = await t.request('GET', '/api/v1/milestones?page=1&pagesize=5');
    expectRefused(size, 'pagesize');
    // The same words as any other route: the DTO's own whitelist no longer speaks first.
    expect(size.body.detail).toMatch(
      /^pagesize: is not a query parameter of this route \(it takes .*\bpageSize\b/,
    );
  });

  it('a refused command records nothing; the same command without the parameter is recorded', async () => {
    const before = await headPosition();
    const body = { percent: 10, narrative: 'x' };
    const path = `/api/v1/milestones/${M}/progress`;
    expectRefused(await t.request('POST', `${path}?dryRun=true`, { body }), 'dryRun');
    expect(await headPosition()).toBe(before);
    const done = await t.request('POST', path, { body });
    expect(done.status).toBe(200);
    expect(await headPosition()).toBe(before + 1);
  });

  it('every route of the served document refuses a parameter it does not declare, and nothing is written', async () => {
    const doc = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body as {
      paths: Record<string, Partial<Record<(typeof METHODS)[number], object>>>;
    };
    const before = await headPosition();
    const got: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS.filter((m) => item[m] !== undefined)) {
        const target = `${path.replace(/\{[^}]+\}/g, 'x')}?undeclared=1`;
        const r = await t.request(method.toUpperCase(), target, method === 'get' ? {} : { body: {} });
        got.push(`${method.toUpperCase()} ${path}: ${r.status} ${r.body?.code} ${r.body?.field}`);
      }
    }
    expect(got.length).toBeGreaterThanOrEqual(60);
    expect(got.filter((line) => !line.endsWith(': 400 VALIDATION_FAILED undeclared'))).toEqual([]);
    expect(await headPosition()).toBe(before);
  });

  it("the document declares exactly what each route reads: its @Query names and its query DTO's fields", async () => {
    const doc = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body as {
      paths: Record<
        string,
        Record<string, { operationId: string; parameters?: { in: string; name: string }[] }>
      >;
    };
    const documented = new Map<string, string[]>();
    for (const item of Object.values(doc.paths))
      for (const op of Object.values(item))
        documented.set(
          op.operationId,
          (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        );
    const read = new Map<string, string[]>();
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as (new (...a: never[]) => object) | null;
        if (!controller?.prototype) continue;
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) as
            Record<string, { index: number; data?: unknown }> | undefined;
          if (!documented.has(`${controller.name}_${name}`)) continue;
          const types = Reflect.getMetadata(
            'design:paramtypes',
            controller.prototype,
            name,
          ) as (new () => object)[];
          const names = Object.entries(args ?? {})
            .filter(([key]) => key.startsWith(`${RouteParamtypes.QUERY}:`))
            .flatMap(([, a]) =>
              typeof a.data === 'string'
                ? [a.data]
                : getMetadataStorage()
                    .getTargetValidationMetadatas(types[a.index]!, '', true, false)
                    .map((m) => m.propertyName),
            );
          read.set(`${controller.name}_${name}`, [...new Set(names)].sort());
        }
      }
    }
    const sorted = new Map([...documented].map(([id, names]) => [id, [...names].sort()]));
    expect(Object.fromEntries(read)).toEqual(Object.fromEntries(sorted));
  });
});
