import { randomUUID } from 'node:crypto';
import { startSeededService } from './support/seeded-service';
import { type TestApp } from './support/test-app';

/**
 * 404 in the document where, and only where, a route looks a parameter up (@MayNotFind): for every path
 * parameter and every `plan` query of every route, a request naming a thing that does not exist (well-formed).
 * A 404 must be documented for the route, naming that parameter and the code it answers; a route listing 404
 * must answer it to one of these requests; a parameter its 404 does not name (a year) never gets it.
 */
type Row = [method: string, route: string, param: string, url: string, body?: unknown];

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: { in?: string; name?: string }[]; responses: Record<string, { description: string }> }
    >
  >;
};

const UUID = randomUUID();
const M = '/api/v1/milestones/NO-SUCH';
const REASON = { reason: '原因' };
const ROWS: Row[] = [
  ['DELETE', '/api/v1/tokens/{id}', 'id', `/api/v1/tokens/${UUID}`],
  ...['zones', 'districts', 'units', 'sections', 'tasks'].map((r): Row => [
    'GET',
    `/api/v1/${r}`,
    'plan',
    `/api/v1/${r}?plan=no-such-plan`,
  ]),
  ['GET', '/api/v1/tasks/{no}', 'no', '/api/v1/tasks/9999'],
  ['GET', '/api/v1/tasks/{no}', 'plan', '/api/v1/tasks/6?plan=no-such-plan'],
  ['GET', '/api/v1/milestones/{id}', 'id', M],
  ['GET', '/api/v1/milestones/{id}/history', 'id', `${M}/history`],
  ['GET', '/api/v1/milestones/{id}/commands', 'id', `${M}/commands`],
  ['GET', '/api/v1/milestones/{id}/board', 'id', `${M}/board`],
  ['GET', '/api/v1/milestones/{id}/health-history', 'id', `${M}/health-history`],
  ['POST', '/api/v1/milestones/{id}/progress', 'id', `${M}/progress`, { percent: 10, narrative: '进展' }],
  ['POST', '/api/v1/milestones/{id}/delays', 'id', `${M}/delays`, { ...REASON, forecastDate: '2021-12-31' }],
  [
    'POST',
    '/api/v1/milestones/{id}/completion',
    'id',
    `${M}/completion`,
    { completedOn: '2021-06-30', narrative: '完成', evidence: [{ name: 'a.pdf', sha256: '0'.repeat(64) }] },
  ],
  ['POST', '/api/v1/milestones/{id}/acceptance', 'id', `${M}/acceptance`, {}],
  ['POST', '/api/v1/milestones/{id}/return', 'id', `${M}/return`, REASON],
  [
    'POST',
    '/api/v1/milestones/{id}/rebaseline',
    'id',
    `${M}/rebaseline`,
    { ...REASON, newDueDate: '2022-06-30' },
  ],
  [
    'POST',
    '/api/v1/milestones/{id}/indicator-target',
    'id',
    `${M}/indicator-target`,
    { ...REASON, metric: '投资额', newTarget: 10 },
  ],
  ['POST', '/api/v1/milestones/{id}/cancellation', 'id', `${M}/cancellation`, REASON],
  ['GET', '/api/v1/standing-items/{itemId}', 'itemId', '/api/v1/standing-items/NO-SUCH'],
  [
    'POST',
    '/api/v1/standing-items/{itemId}/reports',
    'itemId',
    '/api/v1/standing-items/NO-SUCH/reports',
    { narrative: '情况', unit: 'dept-transport' },
  ],
  ['GET', '/api/v1/units/{id}/agenda', 'id', '/api/v1/units/no-such-unit/agenda'],
  ['POST', '/api/v1/alerts/deliveries/{id}/retry', 'id', `/api/v1/alerts/deliveries/${UUID}/retry`],
  ['GET', '/api/v1/alerts/contacts/{group}', 'group', '/api/v1/alerts/contacts/no-such-group'],
  [
    'PUT',
    '/api/v1/alerts/contacts/{group}',
    'group',
    '/api/v1/alerts/contacts/no-such-group',
    { contacts: [] },
  ],
  ['GET', '/api/v1/alerts/{id}', 'id', `/api/v1/alerts/${UUID}`],
  ['POST', '/api/v1/alerts/{id}/acknowledgement', 'id', `/api/v1/alerts/${UUID}/acknowledgement`, {}],
  ['GET', '/api/v1/units/{id}/contacts', 'id', '/api/v1/units/no-such-unit/contacts'],
  ['PUT', '/api/v1/units/{id}/contacts', 'id', '/api/v1/units/no-such-unit/contacts', { contacts: [] }],
  ['GET', '/api/v1/units/{id}/robots', 'id', '/api/v1/units/no-such-unit/robots'],
  ['PUT', '/api/v1/units/{id}/robots', 'id', '/api/v1/units/no-such-unit/robots', { robots: [] }],
  // A year is checked for its form and range (400 YEAR_OUT_OF_RANGE), not looked up.
  ['GET', '/api/v1/reports/retrospective/{year}', 'year', '/api/v1/reports/retrospective/1999'],
  [
    'GET',
    '/api/v1/reports/retrospective/{year}',
    'plan',
    '/api/v1/reports/retrospective/2021?plan=no-such-plan',
  ],
  ['POST', '/api/v1/years/{year}:close', 'year', '/api/v1/years/1999:close', {}],
  ['POST', '/api/v1/years/{year}:close', 'plan', '/api/v1/years/2021:close?plan=no-such-plan', {}],
  ['GET', '/api/v1/evidence/{sha256}', 'sha256', `/api/v1/evidence/${'0'.repeat(64)}`],
];

describe('OpenAPI: 404 is listed exactly where a route looks a parameter up', () => {
  let t: TestApp;
  let doc: Doc;
  beforeAll(async () => {
    t = await startSeededService();
    doc = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body as Doc;
    const deadline = Date.now() + 60_000;
    while ((await t.request('GET', '/health/ready', { token: null })).status !== 200) {
      if (Date.now() > deadline) throw new Error('not ready within 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 90_000);
  afterAll(async () => t?.close());

  it('the table covers every path parameter and every `plan` query of the document', () => {
    const wanted: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const p of op.parameters ?? []) {
          if (p.in === 'path' || (p.in === 'query' && p.name === 'plan'))
            wanted.push(`${method.toUpperCase()} ${path} ${p.name}`);
        }
      }
    }
    const covered = ROWS.map(([method, route, param]) => `${method} ${route} ${param}`);
    expect(covered.sort()).toEqual(wanted.sort());
  });

  it('a thing that does not exist gets 404 iff the route’s 404 names its parameter, with the code answered', async () => {
    const off: string[] = [];
    const answered404 = new Set<string>();
    for (const [method, route, param, url, body] of ROWS) {
      const r = await t.request(method, url, body !== undefined ? { body } : {});
      const listed = doc.paths[route]?.[method.toLowerCase()]?.responses['404']?.description;
      const names = listed?.includes(`(\`${param}\`)`) ?? false;
      const name = `${method} ${url} → ${r.status} ${String(r.body?.code)}`;
      if (r.status === 404) {
        answered404.add(`${method} ${route}`);
        if (!names) off.push(`${name}: 404 not documented for \`${param}\` (${listed ?? 'no 404 listed'})`);
        else if (!listed?.includes(String(r.body?.code))) off.push(`${name}: code not in "${listed}"`);
      } else if (names) {
        off.push(`${name}: documented 404 for \`${param}\` (${r.text.slice(0, 160)})`);
      } else if (r.status >= 500) {
        off.push(`${name}: ${r.text.slice(0, 160)}`);
      }
    }
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const key = `${method.toUpperCase()} ${path}`;
        if (op.responses['404'] && !answered404.has(key)) off.push(`${key} lists 404, none answered it`);
      }
    }
    expect(off).toEqual([]);
  }, 60_000);
});
