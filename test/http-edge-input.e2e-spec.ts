import { DataSource } from 'typeorm';
import { startSeededService } from './support/seeded-service';
import { ADMIN_TOKEN, type TestApp } from './support/test-app';

const M = 'sanqu-2020.T06-2021'; // 2021, lead 市工业和信息化局, indicator 引进投资超亿元的产业项目
const METRIC = '引进投资超亿元的产业项目';

/** Malformed input of every kind the edge meets: each is a 4xx problem+json, never a 500, and writes nothing. */
describe('HTTP edge: malformed input is refused (400), never a 500, nothing written', () => {
  let t: TestApp;
  let supervisor: string;

  const eventCount = async (): Promise<number> =>
    (await t.request('GET', '/api/v1/audit/verification')).body.checked;
  const rows = async (table: string): Promise<number> => {
    const [r] = await t.app.get(DataSource).query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`);
    return Number(r!.n);
  };
  /** Sends raw bytes (the helper's fetch would encode a string as valid UTF-8). */
  const sendBytes = async (method: string, path: string, bytes: Buffer, contentType = 'application/json') => {
    const res = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': contentType },
      body: bytes,
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.json()) as { code: string },
    };
  };
  /** Every request of the list is a 400 problem+json with the code, and the events and tables are unchanged. */
  async function expectRefused(
    cases: [method: string, path: string, body: unknown, code: string][],
  ): Promise<void> {
    const before = [await eventCount(), await rows('alert_contacts'), await rows('api_tokens')];
    const got = [];
    for (const [method, path, body] of cases) {
      const r = await t.request(method, path, {
        ...(typeof body === 'string' ? { rawBody: body } : body !== undefined ? { body } : {}),
      });
      got.push([method, path, r.status, r.headers.get('content-type'), r.body?.code ?? r.text]);
    }
    expect(got).toEqual(
      cases.map(([method, path, , code]) => [
        method,
        path,
        400,
        'application/problem+json; charset=utf-8',
        code,
      ]),
    );
    expect([await eventCount(), await rows('alert_contacts'), await rows('api_tokens')]).toEqual(before);
  }

  beforeAll(async () => {
    t = await startSeededService();
    supervisor = (await t.request('POST', '/api/v1/tokens', { body: { role: 'supervisor', name: '督查室' } }))
      .body.token as string;
  }, 90_000);
  afterAll(async () => t?.close());

  it('JSON nested too deep, on every body route: 400 JSON_TOO_DEEP (was a stack overflow, 500)', async () => {
    const deep = `{"a":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    await expectRefused(
      [
        `/api/v1/milestones/${M}/progress`,
        `/api/v1/milestones/${M}/acceptance`,
        `/api/v1/milestones/${M}/indicator-target`,
        '/api/v1/plans:import',
        '/api/v1/tokens',
        '/api/v1/alerts:scan',
        '/api/v1/years/2021:close',
      ]
        .map((p): [string, string, unknown, string] => ['POST', p, deep, 'JSON_TOO_DEEP'])
        .concat([['PUT', '/api/v1/units/dept-transport/contacts', deep, 'JSON_TOO_DEEP']]),
    );
  });

  it('a list of lists where contacts belong: 400 (was a 500)', async () => {
    await expectRefused([
      ['PUT', '/api/v1/units/dept-transport/contacts', { contacts: [[]] }, 'VALIDATION_FAILED'],
      ['PUT', '/api/v1/alerts/contacts/escalation', { contacts: [['a@example.org']] }, 'VALIDATION_FAILED'],
      [
        'POST',
        `/api/v1/milestones/${M}/progress`,
        { percent: 1, narrative: 'x', evidence: [[]] },
        'VALIDATION_FAILED',
      ],
    ]);
  });

  it('an unknown field named after a member of Object.prototype: 400 FIELD_NOT_ALLOWED (was dropped: a 200)', async () => {
    await expectRefused([
      [
        'POST',
        `/api/v1/milestones/${M}/progress`,
        { percent: 1, narrative: 'x', toString: 'y' },
        'FIELD_NOT_ALLOWED',
      ],
      [
        'POST',
        `/api/v1/milestones/${M}/progress`,
        { percent: 1, narrative: 'x', valueOf: 1 },
        'FIELD_NOT_ALLOWED',
      ],
    ]);
  });

  it('%00 and broken percent-encoding in path ids and query parameters: 400 (was a 500 from PostgreSQL)', async () => {
    await expectRefused([
      ['GET', '/api/v1/milestones/%00', undefined, 'PATH_INVALID_CHARACTERS'],
      ['GET', '/api/v1/milestones/a%00b/board', undefined, 'PATH_INVALID_CHARACTERS'],
      ['GET', '/api/v1/alerts/%00', undefined, 'PATH_INVALID_CHARACTERS'],
      ['GET', '/api/v1/units/%00/contacts', undefined, 'PATH_INVALID_CHARACTERS'],
      ['POST', '/api/v1/milestones/%00/progress', { percent: 1, narrative: 'x' }, 'PATH_INVALID_CHARACTERS'],
      ['POST', '/api/v1/alerts/deliveries/%00/retry', undefined, 'PATH_INVALID_CHARACTERS'],
      ['GET', '/api/v1/milestones/%FF', undefined, 'MALFORMED_PATH'],
      ['GET', '/api/v1/tasks?plan=%00', undefined, 'QUERY_INVALID_CHARACTERS'],
      ['GET', '/api/v1/alerts?milestone=%00', undefined, 'QUERY_INVALID_CHARACTERS'],
      ['GET', '/api/v1/alerts?unit=x%1b', undefined, 'QUERY_INVALID_CHARACTERS'],
      ['GET', '/api/v1/milestones?q=%E4%B8', undefined, 'MALFORMED_QUERY'],
    ]);
  });

  it('impossible dates and out-of-range numbers in queries: 400 naming the field (were 500s)', async () => {
    await expectRefused([
      ['GET', '/api/v1/milestones?asOf=0000-01-01', undefined, 'AS_OF_INVALID'],
      ['GET', `/api/v1/milestones/${M}/board?asOf=0000-01-01`, undefined, 'AS_OF_INVALID'],
      ['GET', '/api/v1/stats/zones?knownAt=0000-01-01', undefined, 'KNOWN_AT_INVALID'],
      ['GET', '/api/v1/alerts?offset=9223372036854775808', undefined, 'VALIDATION_FAILED'],
      ['GET', '/api/v1/alerts/deliveries?offset=9223372036854775808', undefined, 'VALIDATION_FAILED'],
      ['GET', '/api/v1/alerts?from=2021-02-30', undefined, 'VALIDATION_FAILED'],
      ['GET', '/api/v1/alerts?to=2021-02-30', undefined, 'VALIDATION_FAILED'],
      ['GET', '/api/v1/alerts?to=0000-01-01', undefined, 'VALIDATION_FAILED'],
      ['GET', '/api/v1/tasks?plan=a&plan=b', undefined, 'VALIDATION_FAILED'],
    ]);
    const r = await t.request('GET', '/api/v1/alerts?from=2021-02-30');
    expect([r.body.field, r.body.detailZh]).toEqual([
      'from',
      '「from」须为有效日期（YYYY-MM-DD），收到 “2021-02-30”（日期不存在：2021年2月只有28天）',
    ]);
  });

  it('NUL, other control characters or unpaired surrogates in plan import and contact names: 400', async () => {
    await expectRefused([
      ['POST', '/api/v1/plans:import', { document: '附件1\u0000' }, 'TEXT_INVALID_CHARACTERS'],
      ['POST', '/api/v1/plans:import', '{"document":"附件1\\ud800"}', 'TEXT_INVALID_CHARACTERS'],
      ['POST', '/api/v1/plans:import', { document: '附件1\n\u000c附件2' }, 'DOCUMENT_INVALID_CHARACTERS'],
      ['POST', '/api/v1/plans:import', { document: '附件1', sourceName: 'a\u0007.txt' }, 'VALIDATION_FAILED'],
      [
        'PUT',
        '/api/v1/units/dept-transport/contacts',
        '{"contacts":[{"name":"联络员\\udc00","email":"a@example.org"}]}',
        'TEXT_INVALID_CHARACTERS',
      ],
      [
        'PUT',
        '/api/v1/units/dept-transport/contacts',
        { contacts: [{ name: '联络员\u0000', email: 'a@example.org' }] },
        'TEXT_INVALID_CHARACTERS',
      ],
      [
        'PUT',
        '/api/v1/units/dept-transport/contacts',
        { contacts: [{ name: '联\u2028络员', email: 'a@example.org' }] },
        'VALIDATION_FAILED',
      ],
      ['POST', '/api/v1/tokens', '{"role":"viewer","name":"a\\udc00"}', 'TEXT_INVALID_CHARACTERS'],
      [
        'POST',
        '/api/v1/tokens',
        { role: 'reporter', name: 'x', unit: 'dept\u0000' },
        'TEXT_INVALID_CHARACTERS',
      ],
    ]);
    const doc = await t.request('POST', '/api/v1/plans:import', { body: { document: '附件1\n\u000c附件2' } });
    expect([doc.body.field, doc.body.line]).toEqual(['document', 2]);
  });

  it('an empty unit on a token that takes none: 400 (was a 500 from a database constraint)', async () => {
    await expectRefused([
      ['POST', '/api/v1/tokens', { role: 'viewer', name: 'x', unit: '' }, 'VALIDATION_FAILED'],
      ['POST', '/api/v1/tokens', { role: 'reporter', name: 'x', unit: '' }, 'VALIDATION_FAILED'],
    ]);
  });

  it('a body that is not valid UTF-8 is refused (400), not stored as U+FFFD', async () => {
    const before = await eventCount();
    const narrative = Buffer.concat([
      Buffer.from('{"percent":10,"narrative":"进展'),
      Buffer.from([0xe8, 0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const r = await sendBytes('POST', `/api/v1/milestones/${M}/progress`, narrative);
    expect([r.status, r.type, r.body.code]).toEqual([
      400,
      'application/problem+json; charset=utf-8',
      'INVALID_UTF8',
    ]);
    const token = await sendBytes(
      'POST',
      '/api/v1/tokens',
      Buffer.concat([Buffer.from('{"role":"viewer","name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
    );
    expect([token.status, token.body.code]).toEqual([400, 'INVALID_UTF8']);
    expect(await eventCount()).toBe(before);
    expect(
      (await t.request('GET', '/api/v1/tokens')).body.some((x: { name: string }) =>
        x.name.includes('\ufffd'),
      ),
    ).toBe(false);
  });

  it('indicator targets and values: finite and within ±10^12, a clear 400 naming the field', async () => {
    const target = (newTarget: unknown) => ({ metric: METRIC, newTarget, reason: '调整' });
    await expectRefused([
      ['POST', `/api/v1/milestones/${M}/indicator-target`, target(1e308), 'VALIDATION_FAILED'],
      ['POST', `/api/v1/milestones/${M}/indicator-target`, target(-1e13), 'VALIDATION_FAILED'],
      ['POST', `/api/v1/milestones/${M}/indicator-target`, target('50'), 'VALIDATION_FAILED'],
      [
        'POST',
        `/api/v1/milestones/${M}/indicator-target`,
        '{"metric":"x","newTarget":1e999,"reason":"x"}',
        'VALIDATION_FAILED',
      ],
      [
        'POST',
        `/api/v1/milestones/${M}/progress`,
        { percent: 1, narrative: 'x', indicatorActuals: [{ metric: METRIC, actual: 2e12 }] },
        'VALIDATION_FAILED',
      ],
    ]);
    const r = await t.request('POST', `/api/v1/milestones/${M}/indicator-target`, {
      token: supervisor,
      body: target(1e308),
    });
    expect([r.body.field, r.body.detailZh]).toEqual([
      'newTarget',
      '「新目标值」须为 0 到 10^12 之间的数值，收到 1e+308',
    ]);
    const ok = await t.request('POST', `/api/v1/milestones/${M}/indicator-target`, {
      token: supervisor,
      body: target(1e12),
    });
    expect(ok.status).toBe(200);
  });
});
