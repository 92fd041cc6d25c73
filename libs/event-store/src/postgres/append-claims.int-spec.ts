import type { DataSource } from 'typeorm';
import { createTestDataSource } from '@app/platform/testing';
import { PostgresEventStore } from './postgres-event-store';
import { testEvent } from '../testing/event-store.contract';
import { KeyClaimedError, WrongExpectedVersionError } from '../event-store.errors';
import type { AppendClaim } from '../event-store.port';

/** An append that carries an Idempotency-Key claim: the key's record and the events in one transaction. */
describe('PostgresEventStore: an append claims an Idempotency-Key', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let store: PostgresEventStore;

  beforeAll(async () => {
    const t = await createTestDataSource();
    ds = t.dataSource;
    close = t.close;
    store = new PostgresEventStore(ds);
  });
  afterAll(async () => close());

  const claim = (key: string, hash = 'a'.repeat(64)): AppendClaim => ({
    scope: 'token-1',
    key,
    hash,
  });
  const record = async (key: string) =>
    (
      await ds.query<{ request_hash: string; owner: number | null; status: number | null }[]>(
        `SELECT request_hash, owner, status FROM idempotency_keys WHERE scope = 'token-1' AND key = $1`,
        [key],
      )
    )[0];
  const streamLength = async (streamId: string) =>
    Number(
      (
        await ds.query<{ n: string }[]>('SELECT count(*) AS n FROM events WHERE stream_id = $1', [streamId])
      )[0]!.n,
    );

  it('writes the events and the claim together; the key claimed again refuses the append, which writes nothing', async () => {
    const batches = store.appendStats().batches;
    await expect(store.append('c-1', [testEvent('A')], 'no_stream', claim('k-1'))).resolves.toMatchObject({
      version: 1,
      alreadyStored: false,
    });
    expect(store.appendStats().batches - batches).toBe(1); // one statement for the claim and the events
    expect(await record('k-1')).toEqual({ request_hash: 'a'.repeat(64), owner: null, status: null });

    // The same key again, whatever the request (another stream, another hash): refused, nothing appended.
    await expect(
      store.append('c-2', [testEvent('B')], 'no_stream', claim('k-1', 'b'.repeat(64))),
    ).rejects.toEqual(new KeyClaimedError('k-1'));
    expect(await streamLength('c-2')).toBe(0);
    expect(await record('k-1')).toEqual({ request_hash: 'a'.repeat(64), owner: null, status: null });
    // The same key under another scope is another key.
    await store.append('c-2', [testEvent('B')], 'no_stream', { ...claim('k-1'), scope: 'token-2' });
    expect(await streamLength('c-2')).toBe(1);
  });

  it('a key with a stored answer (a refusal stored without an append) refuses the append too', async () => {
    await ds.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status, response, completed_at)
       VALUES ('token-1', 'answered', $1, 409, '{}', now())`,
      ['a'.repeat(64)],
    );
    await expect(
      store.append('c-3', [testEvent('A')], 'no_stream', claim('answered')),
    ).rejects.toBeInstanceOf(KeyClaimedError);
    expect(await streamLength('c-3')).toBe(0);
  });

  it('an append refused for another reason claims nothing: the key stays free for the retry', async () => {
    await store.append('c-4', [testEvent('A')], 'no_stream');
    await expect(store.append('c-4', [testEvent('B')], 'no_stream', claim('k-4'))).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    expect(await record('k-4')).toBeUndefined();
    await expect(store.append('c-4', [testEvent('B')], 1, claim('k-4'))).resolves.toMatchObject({
      version: 2,
    });
    expect(await record('k-4')).toMatchObject({ owner: null, status: null });
  });

  it('of concurrent appends claiming one key (one batch), one appends and the others are refused', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        store.append(`c-5-${i}`, [testEvent('A', { i })], 'no_stream', claim('k-5')),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(refused).toHaveLength(5);
    expect(refused.every((e) => e instanceof KeyClaimedError)).toBe(true);
    const appended = await ds.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM events WHERE stream_id LIKE 'c-5-%'`,
    );
    expect(Number(appended[0]!.n)).toBe(1);
  });
});
