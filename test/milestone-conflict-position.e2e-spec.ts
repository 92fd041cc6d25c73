import { startSeededService } from './support/seeded-service';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

/**
 * A command refused because the milestone changed meanwhile (409) says where the milestone is now: `position`, the
 * global position of the last event of its stream the refusal was decided on. A read with it as X-Min-Position
 * shows the state that refused the command, at once: no polling until the projections catch up.
 */
describe('a 409 because the milestone changed names the position to read it at', () => {
  let a: TestApp;
  let b: TestApp; // a second API instance on the same database, as another process would be
  let first: string; // two sessions of the lead unit (市工业和信息化局)
  let second: string;

  beforeAll(async () => {
    a = await startSeededService();
    b = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' }, { database: a.db, startConsumers: false });
    const units: { id: string; name: string }[] = (await a.request('GET', '/api/v1/units')).body;
    const unit = units.find((u) => u.name === '市工业和信息化局')!.id;
    const token = async (name: string) =>
      (await a.request('POST', '/api/v1/tokens', { body: { role: 'reporter', name, unit } })).body
        .token as string;
    [first, second] = [await token('工信局填报员甲'), await token('工信局填报员乙')];
  }, 90_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const submit = (t: TestApp, token: string, m: string, key: string, headers: Record<string, string> = {}) =>
    t.request('POST', `/api/v1/milestones/${m}/completion`, {
      token,
      body: {
        completedOn: '2022-06-30',
        narrative: '已完成',
        evidence: [{ name: '验收.pdf', sha256: 'c'.repeat(64) }],
      },
      headers: { 'Idempotency-Key': key, ...headers },
    });
  it('two sessions in two processes submit completion at once: the 409 names the position the 200 reached', async () => {
    const m = 'sanqu-2020.T06-2022';
    const sends = [() => submit(a, first, m, 'race-first'), () => submit(b, second, m, 'race-second')];
    const rs = await Promise.all(sends.map((send) => send()));
    expect(rs.map((r) => r.status).sort()).toEqual([200, 409]);
    const lostAt = rs.findIndex((r) => r.status === 409);
    const [won, lost] = [rs[1 - lostAt]!, rs[lostAt]!];
    expect(lost.headers.get('content-type')).toContain('application/problem+json');
    expect(lost.body).toMatchObject({ code: 'COMPLETION_ALREADY_SUBMITTED', position: won.body.position });

    // Read at that position: the board shows the milestone as it refused the command, in the first answer.
    const board = await a.request('GET', `/api/v1/milestones/${m}/board`, {
      token: second,
      headers: { 'X-Min-Position': String(lost.body.position) },
    });
    expect(board.headers.get('x-position-reached')).toBe('true');
    expect(board.body).toMatchObject({ lifecycle: 'submitted' });
    expect(board.body.position).toBeGreaterThanOrEqual(lost.body.position);

    // The refusal is the key's answer: a retry under it gets it again, position and all.
    const again = await sends[lostAt]!();
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'COMPLETION_ALREADY_SUBMITTED', position: won.body.position });
  });

  it('two sessions with the same If-Match: the 409 WRONG_EXPECTED_VERSION names the position of the 200', async () => {
    const m = 'sanqu-2020.T07-2022';
    const version = ((await a.request('GET', `/api/v1/milestones/${m}/history`)).body as unknown[]).length;
    const ifMatch = { 'If-Match': `"${version}"` };
    const rs = await Promise.all([
      submit(a, first, m, 'if-match-first', ifMatch),
      submit(a, second, m, 'if-match-second', ifMatch),
    ]);
    expect(rs.map((r) => r.status).sort()).toEqual([200, 409]);
    const [won, lost] = rs[0].status === 200 ? [rs[0], rs[1]] : [rs[1], rs[0]];
    expect(lost.body).toMatchObject({
      code: 'WRONG_EXPECTED_VERSION',
      currentVersion: won.body.version,
      position: won.body.position,
    });
  });
});
