import { startSeededWithCommanders } from './support/seeded-service';
import { type TestApp, type TestResponse } from './support/test-app';

jest.setTimeout(120_000);

/**
 * A command retried with its Idempotency-Key is answered with the first answer byte for byte: the same status, the
 * same body bytes (keys in the order first sent, nothing normalised) and the same headers, marked replayed. A client
 * that hashes, signs, diffs or caches the bodies sees one answer to one command.
 */
describe('Idempotency-Key: a replay is the first answer, byte for byte', () => {
  let t: TestApp;
  let supervisor: string;
  let reporter: string;
  let itemId: string;
  const M = 'sanqu-2020.T06-2021'; // one lead unit

  beforeAll(async () => ({ t, supervisor, reporter, itemId } = await startSeededWithCommanders()), 90_000);
  afterAll(async () => t?.close());

  /** The first answer, then its retry (the first's answer stored by then: the retry is answered from the store). */
  async function twice(send: () => Promise<TestResponse>): Promise<[TestResponse, TestResponse]> {
    const first = await send();
    return [first, await send()];
  }
  const headers = (r: TestResponse) => ({
    status: r.status,
    contentType: r.headers.get('content-type'),
    etag: r.headers.get('etag'),
  });

  function expectSameAnswer(first: TestResponse, retry: TestResponse): void {
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(headers(retry)).toEqual(headers(first));
    expect(retry.bytes.equals(first.bytes)).toBe(true);
    expect(retry.text).toBe(first.text); // (said again as text: a failure shows the two bodies)
  }

  it('a milestone command (200): the retry is the first body byte for byte, with its ETag', async () => {
    const [first, retry] = await twice(() =>
      t.request('POST', `/api/v1/milestones/${M}/progress`, {
        token: supervisor,
        body: { percent: 21, narrative: '进度 21%' },
        headers: { 'Idempotency-Key': 'bytes-200' },
      }),
    );
    expect(first.status).toBe(200);
    expectSameAnswer(first, retry);
  });

  it('a standing-item report (200): the retry is the first body byte for byte', async () => {
    const [first, retry] = await twice(() =>
      t.request('POST', `/api/v1/standing-items/${encodeURIComponent(itemId)}/reports`, {
        token: reporter,
        body: { narrative: '备案核查（字节）', occurredAt: '2021-09-20T10:00:00+08:00' },
        headers: { 'Idempotency-Key': 'bytes-standing' },
      }),
    );
    expect(first.status).toBe(200);
    expectSameAnswer(first, retry);
  });

  it('a refusal (409 problem+json, details in the order the service wrote them): replayed byte for byte', async () => {
    const [first, retry] = await twice(() =>
      t.request('POST', `/api/v1/milestones/${M}/progress`, {
        token: supervisor,
        body: { percent: 22, narrative: '进度 22%' },
        headers: { 'Idempotency-Key': 'bytes-409', 'If-Match': '"999"' },
      }),
    );
    expect([first.status, first.body.code]).toEqual([409, 'WRONG_EXPECTED_VERSION']);
    // Its keys as the service wrote them (a store that sorts keys, as jsonb does by length, would put
    // `position` and `streamId` first).
    expect(Object.keys(first.body as object).slice(0, 4)).toEqual([
      'streamId',
      'expectedVersion',
      'currentVersion',
      'position',
    ]);
    expectSameAnswer(first, retry);
  });

  it('a refusal naming units (400, by name): replayed byte for byte', async () => {
    const [first, retry] = await twice(() =>
      t.request('POST', '/api/v1/milestones/sanqu-2020.T24-2021/progress', {
        token: supervisor,
        body: { percent: 10, narrative: '进度 10%' },
        headers: { 'Idempotency-Key': 'bytes-400' },
      }),
    );
    expect([first.status, first.body.code]).toEqual([400, 'ASSIGNMENT_REQUIRED']);
    expectSameAnswer(first, retry);
  });
});
