import * as fs from 'node:fs';
import * as path from 'node:path';
import { MILESTONE_COMMAND_TYPES } from '@app/milestones/labels';
import { openApiFiles } from '../scripts/openapi/openapi-files';
import {
  disagreements,
  okSchema,
  undocumentedSuccesses,
  untypedSchemas,
  type OpenApiDoc,
  type Schema,
} from './support/openapi-schema';
import { startSeededService } from './support/seeded-service';
import { type TestApp } from './support/test-app';

describe('OpenAPI at /api/docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSeededService();
  }, 90_000);
  afterAll(async () => t?.close());
  /** Until the service has projected the seed plan. */
  const ready = async () => {
    const deadline = Date.now() + 60_000;
    while ((await t.request('GET', '/health/ready', { token: null })).status !== 200) {
      if (Date.now() > deadline) throw new Error('not ready within 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('is served without a token and documents every route, body and the bearer scheme', async () => {
    const r = await t.request('GET', '/api/docs/openapi.json', { token: null });
    expect(r.status).toBe(200);
    const doc = r.body;
    expect(doc.components.securitySchemes.token).toMatchObject({ type: 'http', scheme: 'bearer' });
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/api/v1/milestones/{id}/progress',
      '/api/v1/milestones/{id}/delays',
      '/api/v1/milestones/{id}/completion',
      '/api/v1/milestones/{id}/acceptance',
      '/api/v1/milestones/{id}/return',
      '/api/v1/milestones/{id}/rebaseline',
      '/api/v1/milestones/{id}/cancellation',
      '/api/v1/milestones/{id}/history',
      '/api/v1/milestones/{id}/commands',
      '/api/v1/tokens',
      '/api/v1/plans:import',
      '/api/v1/units',
    ]) {
      expect(paths).toContain(p);
    }
    const progress = doc.paths['/api/v1/milestones/{id}/progress'].post;
    expect(progress.requestBody.content['application/json'].schema.$ref).toContain('ReportProgressDto');
    expect(Object.keys(progress.responses)).toEqual(expect.arrayContaining(['200', '403', '409', '422']));
    expect(progress.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['Idempotency-Key', 'If-Match']),
    );
    expect((await t.request('GET', '/api/docs', { token: null })).status).toBe(200);
  });

  it('documents Idempotency-Key and If-Match once on every command, as optional headers; the answer, Idempotent-Replayed', async () => {
    const doc = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body;
    type Post = { parameters?: unknown[]; responses: Record<string, { headers?: object }> };
    const commands = Object.entries(doc.paths as Record<string, { post?: Post }>).filter(
      ([p, item]) => p.startsWith('/api/v1/milestones/{id}/') && item.post,
    );
    // Every keyed command's answer may say it was done by an earlier request with the key.
    for (const [path, item] of [
      ...commands,
      [
        '/api/v1/standing-items/{itemId}/reports',
        doc.paths['/api/v1/standing-items/{itemId}/reports'],
      ] as const,
    ]) {
      // ... a success or a refusal the command decided (stored for the key); not what is refused before it runs.
      const replayedOn = Object.entries(item.post!.responses as Record<string, { headers?: object }>)
        .filter(([, r]) => r.headers && 'Idempotent-Replayed' in r.headers)
        .map(([status]) => status);
      expect([path, replayedOn]).toEqual([path, ['200', '400', '403', '404', '409', '422']]);
      expect([path, item.post!.responses['200']!.headers]).toEqual([
        path,
        expect.objectContaining({
          'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' },
        }),
      ]);
    }
    expect(doc.components.headers.IdempotentReplayed.schema).toEqual({ type: 'string', enum: ['true'] });
    expect(commands.length).toBe(MILESTONE_COMMAND_TYPES.length);
    for (const [path, item] of commands) {
      const headers = (item.post!.parameters as { name: string; in: string; required?: boolean }[])
        .filter((p) => p.in === 'header')
        .map((p) => [p.name.toLowerCase(), p.required ?? false]);
      expect([path, headers]).toEqual([
        path,
        [
          ['idempotency-key', false],
          ['if-match', false],
        ],
      ]);
    }
  });

  it('is the document kept in docs/openapi.json, and the dashboard types are generated from it', async () => {
    const served = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body as object;
    const root = path.join(__dirname, '..');
    const read = (file: string): string =>
      fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : '';
    const stale = Object.entries(openApiFiles(served))
      .filter(([file, text]) => read(file) !== text)
      .map(([file]) => `${file} is stale: run \`npm run openapi\``);
    expect(stale).toEqual([]);
  });

  it('names each class and named enum of the API once: the document keys its schemas by name, a second would merge', () => {
    const src = path.join(__dirname, '..', 'apps', 'api', 'src');
    const names = fs
      .readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [
        ...fs
          .readFileSync(path.join(src, f), 'utf8')
          .matchAll(/^(?:export )?class (\w+)|enumName: '(\w+)'/gm),
      ])
      .map((m) => (m[1] ?? m[2])!);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('names every list of codes used in more than one place: no enum is spelled inline twice', async () => {
    const doc = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body as object;
    const places = new Map<string, string[]>();
    const walk = (node: unknown, at: string[]): void => {
      if (node === null || typeof node !== 'object') return;
      const named = at.length === 3 && at[0] === 'components' && at[1] === 'schemas';
      const list = (node as { enum?: unknown }).enum;
      if (Array.isArray(list) && !named) {
        const key = JSON.stringify([...list].map(String).sort());
        places.set(key, [...(places.get(key) ?? []), at.join('.')]);
      }
      for (const [k, v] of Object.entries(node)) walk(v, [...at, k]);
    };
    walk(doc, []);
    const repeated = [...places]
      .filter(([, at]) => at.length > 1)
      .map(([list, at]) => `${list} at ${at.join(', ')}`);
    expect(repeated).toEqual([]); // give the list an enumName (apps/api/src/http/named-enums.ts)
  });

  it('documents a success for every operation: a schema for each media type, or a 204 without a body', async () => {
    const doc = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body as OpenApiDoc;
    expect(undocumentedSuccesses(doc)).toEqual([]);
  });

  it('types every property: none is an empty or property-less object (a string union documented without its enum)', async () => {
    const doc = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body as OpenApiDoc;
    expect(untypedSchemas(doc)).toEqual([]);
  });

  it('real answers have the documented properties: the board (shown facts too), roll-ups, agenda, alerts, plan', async () => {
    const doc = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body as OpenApiDoc;
    await ready();
    const get = async (path: string) => {
      const r = await t.request('GET', path);
      expect([path, r.status]).toEqual([path, 200]);
      return r.body as Record<string, unknown>;
    };
    const off: string[] = [];
    /** The real answer of GET `url` against the 200 documented for `route`, all the way down. */
    const check = async (route: string, url = route) =>
      off.push(...disagreements(doc, okSchema(doc, 'get', route), await get(url), url));

    const page = await get('/api/v1/milestones?pageSize=200');
    off.push(...disagreements(doc, okSchema(doc, 'get', '/api/v1/milestones'), page, 'milestones'));
    const items = page.items as {
      id: string;
      taskNo: number;
      leadUnits: { id: string }[];
      assignments?: unknown;
    }[];
    expect(items.filter((m) => Array.isArray(m.assignments)).length).toBeGreaterThan(0);
    const first = items[0]!;
    await check('/api/v1/milestones/{id}/board', `/api/v1/milestones/${first.id}/board`);
    await check('/api/v1/milestones/{id}', `/api/v1/milestones/${first.id}`);
    await check('/api/v1/milestones/{id}/history', `/api/v1/milestones/${first.id}/history`);
    await check('/api/v1/tasks');
    for (const dim of ['zones', 'districts', 'units', 'sections', 'years'])
      await check(`/api/v1/stats/${dim}`);
    await check('/api/v1/units/{id}/agenda', `/api/v1/units/${first.leadUnits[0]!.id}/agenda`);
    const scan = await t.request('POST', '/api/v1/alerts:scan', { body: { asOf: '2021-12-31' } });
    off.push(...disagreements(doc, okSchema(doc, 'post', '/api/v1/alerts:scan'), scan.body, 'scan'));
    const alerts = await t.request('GET', '/api/v1/alerts?limit=20', {
      headers: { 'X-Min-Position': String(scan.body.position) },
    });
    expect(alerts.body.items.length).toBeGreaterThan(0);
    off.push(...disagreements(doc, okSchema(doc, 'get', '/api/v1/alerts'), alerts.body, 'alerts'));
    for (const route of ['/api/v1/plans', '/api/v1/zones', '/api/v1/districts']) await check(route);
    for (const route of [
      '/api/v1/units',
      '/api/v1/sections',
      '/api/v1/tokens',
      '/api/v1/audit/verification',
    ]) {
      await check(route);
    }
    expect(off).toEqual([]);
  }, 90_000);

  it('documents the health history’s 400 as it is answered: `known` is one string of keys joined by `, `', async () => {
    const doc = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body as OpenApiDoc;
    await ready();
    const page = (await t.request('GET', '/api/v1/milestones?pageSize=200')).body as {
      items: { id: string; assignments?: unknown[] }[];
    };
    const several = page.items.find((m) => Array.isArray(m.assignments) && m.assignments.length > 1)!;
    const r = await t.request('GET', `/api/v1/milestones/${several.id}/health-history`);
    expect([r.status, r.body.code]).toEqual([400, 'ASSIGNMENT_REQUIRED']);
    const documented = doc.paths['/api/v1/milestones/{id}/health-history']?.get?.responses?.['400']
      ?.content?.['application/problem+json']?.schema as Schema;
    expect(disagreements(doc, documented, r.body, 'health-history 400')).toEqual([]);
    expect(documented.properties?.known?.type).toBe(typeof r.body.known);
    expect(String(r.body.known).split(', ').length).toBe(several.assignments!.length);
  });

  it('a real retrospective answer matches its schema all the way down, no object or list left free-form', async () => {
    const doc = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body as OpenApiDoc;
    await ready();
    // Alerts raised at the year end (again, if the test above scanned): the review's alerts by rule.
    expect((await t.request('POST', '/api/v1/alerts:scan', { body: { asOf: '2021-12-31' } })).status).toBe(
      200,
    );
    const page = (await t.request('GET', '/api/v1/milestones?pageSize=200')).body;
    const due2021 = (page.items as { id: string; year: number; assignments?: unknown }[])
      .filter((m) => m.year === 2021 && m.assignments === undefined)
      .map((m) => m.id);
    const [delayed, claimed, completedLater, cancelled] = due2021;
    const post = async (id: string | undefined, command: string, body: object) => {
      const r = await t.request('POST', `/api/v1/milestones/${id}/${command}`, { body });
      expect([id, command, r.status]).toEqual([id, command, 200]);
    };
    const evidence = [{ name: '佐证材料.pdf', sha256: 'b'.repeat(64) }];
    // Recorded now, about 2021: reasons, a re-baseline, late reports and the outcomes they changed.
    await post(delayed, 'delays', {
      reason: '征地未完成',
      forecastDate: '2022-03-31',
      occurredAt: '2021-06-30T02:00:00Z',
    });
    await post(delayed, 'rebaseline', {
      newDueDate: '2022-06-30',
      reason: '征地延后',
      occurredAt: '2021-07-01T02:00:00Z',
    });
    await post(claimed, 'completion', {
      completedOn: '2021-05-31',
      narrative: '已完成',
      evidence,
      occurredAt: '2021-06-01T02:00:00Z',
    });
    await post(completedLater, 'completion', {
      completedOn: '2022-02-01',
      narrative: '已完成',
      evidence,
      occurredAt: '2022-02-02T02:00:00Z',
    });
    const closed = await t.request('POST', '/api/v1/years/2021:close', { body: {} });
    expect(closed.status).toBe(201);
    await post(cancelled, 'cancellation', { reason: '计划调整', occurredAt: '2021-09-01T02:00:00Z' });

    const r = await t.request('GET', '/api/v1/reports/retrospective/2021');
    expect(r.status).toBe(200);
    const review = r.body;
    const route = '/api/v1/reports/retrospective/{year}';
    expect(disagreements(doc, okSchema(doc, 'get', route), review, 'retrospective', true)).toEqual([]);
    // Every list the schema describes holds something, so each element's schema was checked.
    type Review = {
      reasons: unknown[];
      rebaselines: unknown[];
      cancellation: unknown;
      laterCompletion: unknown;
    };
    const milestones = review.milestones as Review[];
    expect({
      reasons: milestones.some((m) => m.reasons.length > 0),
      rebaselines: milestones.some((m) => m.rebaselines.length > 0),
      cancellation: milestones.some((m) => m.cancellation !== null),
      laterCompletion: milestones.some((m) => m.laterCompletion !== null),
      inProgress: review.inProgress.length > 0,
      standingUnits: review.standing.items.some((i: { units: unknown[] }) => i.units.length > 0),
      byRule: review.alerts.byRule.length > 0,
      lateReports: review.yearEnd.lateReports.length > 0,
      yearEndChanges: review.yearEnd.changes.length > 0,
      closingChanges: review.closing?.changes.length > 0,
    }).toEqual({
      reasons: true,
      rebaselines: true,
      cancellation: true,
      laterCompletion: true,
      inProgress: true,
      standingUnits: true,
      byRule: true,
      lateReports: true,
      yearEndChanges: true,
      closingChanges: true,
    });
  }, 90_000);
});
