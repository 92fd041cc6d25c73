import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EventStore } from '@app/event-store';
import { milestoneStreamId, standingStreamId } from '@app/milestones';
import { startSeededWithCommanders } from './support/seeded-service';
import { type TestApp, type TestResponse } from './support/test-app';
import { waitFor } from './support/service-process';

jest.setTimeout(120_000);

/**
 * `Idempotent-Replayed: true` says the command of the request was done by an earlier request with the same key: its
 * stored answer (a success or a refusal), or its events found. A keyed command whose answer could not be stored (here
 * a trigger refuses it) leaves its claim without an owner: the retry runs the command again, finds its events by
 * their ids (which derive from the key) and answers the first result; it says so, as a retry answered from the stored
 * answer does. A first run does not.
 */
describe('Idempotent-Replayed: a stored refusal, and a retry that runs the command again (its first answer never stored)', () => {
  let t: TestApp;
  let owner: Client;
  let supervisor: string;
  let reporter: string;
  let itemId: string;
  const M = 'sanqu-2020.T06-2021'; // one lead unit

  beforeAll(async () => {
    ({ t, supervisor, reporter, itemId } = await startSeededWithCommanders());
    owner = new Client({ connectionString: t.db.url });
    await owner.connect();
  }, 90_000);
  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  const progress = (key: string, percent: number) =>
    t.request('POST', `/api/v1/milestones/${M}/progress`, {
      token: supervisor,
      body: { percent, narrative: `进度 ${percent}%` },
      headers: { 'Idempotency-Key': key },
    });
  const standing = (key: string, narrative: string) =>
    t.request('POST', `/api/v1/standing-items/${encodeURIComponent(itemId)}/reports`, {
      token: reporter,
      body: { narrative, occurredAt: '2021-09-20T10:00:00+08:00' },
      headers: { 'Idempotency-Key': key },
    });
  const replayed = (r: TestResponse) => r.headers.get('idempotent-replayed');
  /** Events of a type on a stream (other consumers append to other streams meanwhile). */
  const eventCount = async (streamId: string, type: string) =>
    Number(
      (
        await owner.query<{ n: string }>(
          'SELECT count(*) AS n FROM events WHERE stream_id = $1 AND type = $2',
          [streamId, type],
        )
      ).rows[0]!.n,
    );
  const progressEvents = () => eventCount(milestoneStreamId(M), 'ProgressReported');
  const reports = () => eventCount(standingStreamId(itemId), 'StandingItemReported');

  /** Sends the first request while its answer cannot be stored; resolves once its claim is left without an owner. */
  async function unanswered(key: string, send: () => Promise<TestResponse>): Promise<TestResponse> {
    await owner.query(`CREATE FUNCTION pm_test_refuse_answer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.key = '${key}' AND NEW.status IS NOT NULL THEN RAISE EXCEPTION 'refused'; END IF;
      RETURN NEW; END $$`);
    await owner.query(`CREATE TRIGGER pm_test_refuse_answer BEFORE UPDATE ON idempotency_keys
      FOR EACH ROW EXECUTE FUNCTION pm_test_refuse_answer()`);
    try {
      const first = await send();
      await waitFor(
        async () => {
          const { rows } = await owner.query<{ status: number | null; owner: number | null }>(
            'SELECT status, owner FROM idempotency_keys WHERE key = $1',
            [key],
          );
          return rows[0]?.status === null && rows[0]?.owner === null;
        },
        20_000,
        'claim left without an owner',
      );
      return first;
    } finally {
      await owner.query('DROP TRIGGER pm_test_refuse_answer ON idempotency_keys');
      await owner.query('DROP FUNCTION pm_test_refuse_answer()');
    }
  }

  it('a milestone command: the retry that runs it again answers the first result, replayed; the first run not', async () => {
    const before = await progressEvents();
    const first = await unanswered('m-unanswered', () => progress('m-unanswered', 35));
    expect(first.status).toBe(200);
    expect(replayed(first)).toBeNull();
    expect(await progressEvents()).toBe(before + 1);

    const retry = await progress('m-unanswered', 35);
    expect(retry.status).toBe(200);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(replayed(retry)).toBe('true');
    // The retry's answer is stored: the next one is answered from it, replayed too.
    const stored = await progress('m-unanswered', 35);
    expect([stored.text, replayed(stored)]).toEqual([first.text, 'true']);
    expect(await progressEvents()).toBe(before + 1);

    const fresh = await progress('m-fresh', 36);
    expect([fresh.status, replayed(fresh)]).toEqual([200, null]);
  });

  it('a refusal (4xx) answered again from its key says it is replayed; the first refusal does not', async () => {
    const refuse = () =>
      t.request('POST', `/api/v1/milestones/${M}/progress`, {
        token: supervisor,
        body: { percent: 37, narrative: '进度 37%' },
        headers: { 'Idempotency-Key': 'm-refused', 'If-Match': '"999"' },
      });
    const first = await refuse();
    expect([first.status, first.body.code, replayed(first)]).toEqual([409, 'WRONG_EXPECTED_VERSION', null]);

    const again = await refuse();
    expect([again.status, again.body, replayed(again)]).toEqual([409, first.body, 'true']);
  });

  it('a refusal naming units is stored as it was sent, by name: answered again the same, replayed', async () => {
    // T24-2021 is led separately by seven district governments: a report must name the assignment it is for.
    const refuse = () =>
      t.request('POST', '/api/v1/milestones/sanqu-2020.T24-2021/progress', {
        token: supervisor,
        body: { percent: 10, narrative: '进度 10%' },
        headers: { 'Idempotency-Key': 'm-refused-named' },
      });
    const first = await refuse();
    expect([first.status, first.body.code, replayed(first)]).toEqual([400, 'ASSIGNMENT_REQUIRED', null]);
    for (const text of [first.body.detail, first.body.detailZh]) {
      expect(text).toContain('蓬江区政府');
      expect(text).not.toMatch(/gov-/);
    }

    const again = await refuse();
    expect([again.status, again.body, replayed(again)]).toEqual([400, first.body, 'true']);
  });

  it('a standing-item report: the retry answers the first result, replayed, though the item was withdrawn since', async () => {
    const before = await reports();
    const first = await unanswered('s-unanswered', () => standing('s-unanswered', '备案核查（首次）'));
    expect(first.status).toBe(200);
    expect(replayed(first)).toBeNull();
    expect(await reports()).toBe(before + 1);
    // The item leaves the plan: a new report is refused from now on ...
    await t.app.get(EventStore).append(
      standingStreamId(itemId),
      [
        {
          eventId: randomUUID(),
          type: 'StandingItemWithdrawn',
          data: { reason: 'e2e' },
          metadata: { occurredAt: new Date().toISOString(), actor: { system: 'e2e' } },
        },
      ],
      'any',
    );
    const refused = await standing('s-after', '备案核查（移出后）');
    expect([refused.status, refused.body.code]).toEqual([409, 'MILESTONE_WITHDRAWN']);

    // ... but the retry of the report recorded before is found by its event, before anything is decided.
    const retry = await standing('s-unanswered', '备案核查（首次）');
    expect(retry.status).toBe(200);
    expect(retry.text).toBe(first.text);
    expect(replayed(retry)).toBe('true');
    expect(await reports()).toBe(before + 1);
  });
});
