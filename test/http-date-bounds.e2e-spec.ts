import { startSeededService } from './support/seeded-service';
import { type TestApp } from './support/test-app';

const M = 'sanqu-2020.T06-2021'; // plan period from 2020

/*
 * One rule for the bounds of every date and instant a client sends. The form (a real day, a clock time, a zone
 * from −12:00 to +14:00, no leap second) is 400 naming the field. A command's occurredAt is then bounded by its
 * window, the plan period to now: 422 naming the bound however far out, at any hour and offset (9999-12-31 in
 * Beijing and an hour later alike). A read's dates and instants have no window: their bound is the plan calendar,
 * 1900–9999 in Beijing, 400 naming the field. Never a 500.
 */
describe('date and time bounds over HTTP: problem+json, field named', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startSeededService();
  }, 90_000);
  afterAll(async () => t?.close());

  const answer = (r: { status: number; headers: Headers; body: { code?: string; field?: string } }) => [
    r.status,
    r.headers.get('content-type'),
    r.body?.code,
    r.body?.field,
  ];
  const problem = (status: number, code: string, field: string) => [
    status,
    'application/problem+json; charset=utf-8',
    code,
    field,
  ];

  it('occurredAt: out of the window is 422 naming the bound, however far; not an instant is 400', async () => {
    const cases: [string, unknown[]][] = [
      ['9999-12-31T23:59:00+08:00', problem(422, 'OCCURRED_AT_IN_FUTURE', 'occurredAt')],
      ['9999-12-31T16:00:00Z', problem(422, 'OCCURRED_AT_IN_FUTURE', 'occurredAt')], // 10000-01-01 in Beijing
      ['9999-12-31T23:59:59-12:00', problem(422, 'OCCURRED_AT_IN_FUTURE', 'occurredAt')],
      ['0000-01-01T00:00:00Z', problem(422, 'OCCURRED_AT_BEFORE_PLAN_PERIOD', 'occurredAt')],
      ['0001-01-01T00:00:00+14:00', problem(422, 'OCCURRED_AT_BEFORE_PLAN_PERIOD', 'occurredAt')],
      ['1899-12-31T23:59:00+08:00', problem(422, 'OCCURRED_AT_BEFORE_PLAN_PERIOD', 'occurredAt')],
      ['1900-01-01T00:00:00+08:00', problem(422, 'OCCURRED_AT_BEFORE_PLAN_PERIOD', 'occurredAt')],
      ['10000-01-01T00:00:00+08:00', problem(400, 'VALIDATION_FAILED', 'occurredAt')],
      ['2021-06-30T23:59:60+08:00', problem(400, 'VALIDATION_FAILED', 'occurredAt')], // a leap second
      ['2021-06-30T09:00:00+14:30', problem(400, 'VALIDATION_FAILED', 'occurredAt')],
      ['2021-06-30T09:00:00', problem(400, 'VALIDATION_FAILED', 'occurredAt')],
      ['2021-06-30', problem(400, 'VALIDATION_FAILED', 'occurredAt')],
    ];
    const got = [];
    for (const [occurredAt] of cases) {
      const r = await t.request('POST', `/api/v1/milestones/${M}/progress`, {
        body: { percent: 1, narrative: 'x', occurredAt },
      });
      got.push([occurredAt, ...answer(r)]);
    }
    expect(got).toEqual(cases.map(([v, p]) => [v, ...p]));
    // The refusal names the instant as sent where the plan calendar has no reading of it.
    const far = await t.request('POST', `/api/v1/milestones/${M}/progress`, {
      body: { percent: 1, narrative: 'x', occurredAt: '9999-12-31T16:00:00Z' },
    });
    expect(far.body.detail).toMatch(/^occurredAt \(10000-01-01 00:00 Beijing time\) is later than now/);
  });

  it('occurredAt at the offsets zones use, −12:00 and +14:00: recorded', async () => {
    for (const [occurredAt, percent] of [
      ['2021-06-30T09:00:00+14:00', 2],
      ['2021-06-30T09:00:00-12:00', 3],
    ] as const) {
      const r = await t.request('POST', `/api/v1/milestones/${M}/progress`, {
        body: { percent, narrative: 'x', occurredAt },
      });
      expect([occurredAt, r.status]).toEqual([occurredAt, 200]);
    }
  });

  it('asOf, knownAt, from and to of the reads: the plan calendar (1900–9999 in Beijing), else 400 naming it', async () => {
    const enc = encodeURIComponent;
    const cases: [string, unknown[]][] = [
      [`/api/v1/milestones?knownAt=${enc('9999-12-31T23:59:00+08:00')}`, [200]],
      [
        `/api/v1/milestones?knownAt=${enc('9999-12-31T16:00:00Z')}`,
        problem(400, 'KNOWN_AT_INVALID', 'knownAt'),
      ],
      [
        `/api/v1/milestones?knownAt=${enc('1900-01-01T00:00:00+14:00')}`,
        problem(400, 'KNOWN_AT_INVALID', 'knownAt'),
      ],
      [
        `/api/v1/milestones?knownAt=${enc('2021-06-30T23:59:60+08:00')}`,
        problem(400, 'KNOWN_AT_INVALID', 'knownAt'),
      ],
      // A + sent unencoded arrives as a space: read as the + it was, by every read alike.
      ['/api/v1/milestones?knownAt=2021-08-20T09:00:00+08:00', [200]],
      ['/api/v1/reports/retrospective/2021?knownAt=2021-08-20T09:00:00+08:00', [200]],
      [
        `/api/v1/reports/retrospective/2021?knownAt=${enc('9999-12-31T16:00:00Z')}`,
        problem(400, 'INVALID_KNOWN_AT', 'knownAt'),
      ],
      [`/api/v1/alerts?knownAt=${enc('0000-01-01T00:00:00Z')}`, problem(400, 'KNOWN_AT_INVALID', 'knownAt')],
      ['/api/v1/milestones?asOf=9999-12-31', [200]],
      ['/api/v1/milestones?asOf=10000-01-01', problem(400, 'AS_OF_INVALID', 'asOf')],
      ['/api/v1/milestones?asOf=0001-01-01', problem(400, 'AS_OF_INVALID', 'asOf')],
      ['/api/v1/alerts?from=0000-01-01', problem(400, 'VALIDATION_FAILED', 'from')],
      ['/api/v1/alerts?to=10000-01-01', problem(400, 'VALIDATION_FAILED', 'to')],
    ];
    const got = [];
    for (const [path] of cases) {
      const r = await t.request('GET', path);
      got.push([path, ...(r.status === 200 ? [200] : answer(r))]);
    }
    expect(got).toEqual(cases.map(([p, a]) => [p, ...a]));
  });
});
