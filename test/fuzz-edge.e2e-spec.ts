import { connect } from 'node:net';
import { startSeededService } from './support/seeded-service';
import { type TestApp } from './support/test-app';

/*
 * Found by an adversarial pass over every route (wave 32): inputs that passed validation and then broke a date
 * computation (500), and a method Node's server drops without an answer. Each is now a 400/405 problem+json
 * naming the field, and a refused request records nothing.
 */
const M = 'sanqu-2020.T01-2020';
const PROBLEM = 'application/problem+json; charset=utf-8';

/** The raw answer to bytes sent as they are (CONNECT, a missing Host, an odd Expect never pass through fetch). */
function rawExchange(port: number, request: string): Promise<{ head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    const done = () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      resolve({ head, body });
    };
    socket.setTimeout(5_000, () =>
      socket.destroy(new Error(`no answer in 5 s (got ${JSON.stringify(answer)})`)),
    );
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', reject);
  });
}

describe('fuzz findings: dates outside 1900–9999; CONNECT, Host and Expect', () => {
  let t: TestApp;
  const eventCount = async (): Promise<number> =>
    (await t.request('GET', '/api/v1/audit/verification')).body.headPosition as number;

  beforeAll(async () => {
    t = await startSeededService();
  }, 90_000);
  afterAll(async () => t?.close());

  /** Each request is a 400 problem+json with that code and field; the event log does not move. */
  async function expectRefused(cases: [method: string, path: string, code: string, field: string][]) {
    const before = await eventCount();
    const got = [];
    for (const [method, path] of cases) {
      const r = await t.request(method, path, method === 'POST' ? { body: {} } : {});
      got.push([method, path, r.status, r.headers.get('content-type'), r.body?.code, r.body?.field]);
    }
    expect(got).toEqual(
      cases.map(([method, path, code, field]) => [method, path, 400, PROBLEM, code, field]),
    );
    expect(await eventCount()).toBe(before);
  }

  it('a year before 1900 in a review or a year close: 400 INVALID_YEAR (were 500s from the year-end date)', async () => {
    await expectRefused(
      ['0001', '0999', '1000', '1899'].flatMap((y): [string, string, string, string][] => [
        ['GET', `/api/v1/reports/retrospective/${y}`, 'INVALID_YEAR', 'year'],
        ['POST', `/api/v1/years/${y}:close`, 'INVALID_YEAR', 'year'],
      ]),
    );
    const r = await t.request('GET', '/api/v1/reports/retrospective/1899');
    expect(r.body.detail).toContain('from 1900');
    // 1900 is a date like any other: not a malformed year, only one without milestones.
    expect((await t.request('GET', '/api/v1/reports/retrospective/1900')).body.code).toBe(
      'YEAR_OUT_OF_RANGE',
    );
  });

  it('a knownAt whose Beijing day is past 9999-12-31: 400 naming knownAt on every read (history was a 500)', async () => {
    const late = ['9999-12-31T16:00:00Z', '9999-12-31T23:59:59Z', '9999-12-31T20:00:00-08:00'];
    await expectRefused(
      late.flatMap((k): [string, string, string, string][] => [
        ['GET', `/api/v1/milestones/${M}/history?knownAt=${k}`, 'KNOWN_AT_INVALID', 'knownAt'],
        ['GET', `/api/v1/milestones/${M}/board?knownAt=${k}`, 'KNOWN_AT_INVALID', 'knownAt'],
        ['GET', `/api/v1/milestones?knownAt=${k}`, 'KNOWN_AT_INVALID', 'knownAt'],
        ['GET', `/api/v1/standing-items?knownAt=${k}`, 'KNOWN_AT_INVALID', 'knownAt'],
        ['GET', `/api/v1/reports/retrospective/2021?knownAt=${k}`, 'INVALID_KNOWN_AT', 'knownAt'],
      ]),
    );
    const r = await t.request('GET', `/api/v1/milestones/${M}/history?knownAt=${late[0]}`);
    expect([r.body.detail, r.body.detailZh]).toEqual([
      expect.stringContaining('1900–9999 (Beijing time)'),
      expect.stringContaining('北京时间 1900–9999 年'),
    ]);
    // The last instant still on 9999-12-31 in Beijing is read as ever.
    const last = await t.request('GET', `/api/v1/milestones/${M}/history?knownAt=9999-12-31T15:59:59Z`);
    expect(last.status).toBe(200);
  });

  it('an occurredAt past 9999-12-31 in Beijing is refused as in the future (its window), nothing recorded', async () => {
    const before = await eventCount();
    const r = await t.request('POST', `/api/v1/milestones/${M}/delays`, {
      body: { reason: '原因', forecastDate: '2021-06-30', occurredAt: '9999-12-31T23:00:00Z' },
    });
    expect([r.status, r.headers.get('content-type'), r.body.code, r.body.field]).toEqual([
      422,
      PROBLEM,
      'OCCURRED_AT_IN_FUTURE',
      'occurredAt',
    ]);
    expect(r.body.detail).toContain('10000-01-01 07:00 Beijing time');
    expect(await eventCount()).toBe(before);
  });

  it('CONNECT, a missing Host and an unknown Expect get problem+json (were a dropped connection, bare 400/417)', async () => {
    const port = Number(new URL(t.baseUrl).port);
    const cases: [request: string, status: string, code: string][] = [
      [
        `CONNECT 127.0.0.1:${port} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
        '405 Method Not Allowed',
        'METHOD_NOT_ALLOWED',
      ],
      ['GET /api/v1/plans HTTP/1.1\r\nConnection: close\r\n\r\n', '400 Bad Request', 'HOST_REQUIRED'],
      [
        'POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nExpect: bogus\r\nContent-Type: application/json\r\n' +
          'Content-Length: 2\r\nConnection: close\r\n\r\n{}',
        '417 Expectation Failed',
        'EXPECTATION_FAILED',
      ],
    ];
    const got = [];
    for (const [request] of cases) {
      const { head, body } = await rawExchange(port, request);
      got.push([
        head.split('\r\n')[0],
        /\r\nContent-Type: application\/problem\+json/i.test(head),
        JSON.parse(body || '{}').code,
      ]);
    }
    expect(got).toEqual(cases.map(([, status, code]) => [`HTTP/1.1 ${status}`, true, code]));
    const connectAnswer = await rawExchange(port, cases[0]![0]);
    // Its Allow: every method some route answers (the routed 405s' source, the OpenAPI document), HEAD and OPTIONS.
    const paths = (await t.request('GET', '/api/docs/openapi.json')).body.paths as Record<string, object>;
    const methods = new Set(
      Object.values(paths)
        .flatMap((item) => Object.keys(item))
        .map((m) => m.toUpperCase()),
    );
    expect(connectAnswer.head).toContain(
      `\r\nAllow: ${[...methods, 'HEAD', 'OPTIONS'].sort().join(', ')}\r\n`,
    );
    // HTTP/1.0 needs no Host; the service still answers.
    const old = await rawExchange(port, 'GET /health/live HTTP/1.0\r\n\r\n');
    expect(old.head.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  });
});
