import { PlanCatalogQueries } from '@app/plans';
import { AppError } from '@app/platform';
import { ANSWER_LINGER_MS, IdempotencyWrites } from './idempotency-writes';
import { IdempotencyService, requestHash } from './idempotency.service';
import { useIdempotencyDatabase } from './testing/idempotency-database';
import { PostgresEventStore, InMemoryEventStore } from '@app/event-store';

/**
 * Claims and answers share one statement per batch: at most one unit per key goes in it, an answer whose row is
 * gone is stored all the same, and only a batch with a 4xx answer (stored before it is sent) commits synchronously.
 */
describe('IdempotencyWrites: claims and answers in one statement', () => {
  const db = useIdempotencyDatabase();
  let writes: IdempotencyWrites;
  const hash = requestHash({ batch: true });

  beforeAll(async () => {
    writes = new IdempotencyWrites(db.dataSource);
    // What each statement's transaction will commit with, as seen at its end.
    await db.dataSource.query('CREATE TABLE pm_test_commit_modes (n serial, mode text NOT NULL)');
    await db.dataSource.query(`CREATE FUNCTION pm_test_commit_mode() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO pm_test_commit_modes (mode) VALUES (current_setting('synchronous_commit')); RETURN NULL; END $$`);
    await db.dataSource.query(`CREATE TRIGGER pm_test_commit_mode AFTER INSERT ON idempotency_keys
      FOR EACH STATEMENT EXECUTE FUNCTION pm_test_commit_mode()`);
  });

  const row = async (key: string) => {
    const [r] = await db.dataSource.query<
      { request_hash: string; status: number | null; response: string | null; owner: number | null }[]
    >(`SELECT request_hash, status, response, owner FROM idempotency_keys WHERE scope = 'b' AND key = $1`, [
      key,
    ]);
    return r;
  };
  const claim = (key: string, h = hash) => writes.claim({ scope: 'b', key, hash: h, owner: null });
  const answer = (key: string, body: unknown, status = 200) =>
    writes.answer({ scope: 'b', key, hash, status, body, durable: status >= 400 });
  const modes = async (): Promise<string[]> => {
    const rows = await db.dataSource.query<{ mode: string }[]>(
      'WITH d AS (DELETE FROM pm_test_commit_modes RETURNING n, mode) SELECT mode FROM d ORDER BY n',
    );
    return rows.map((r) => r.mode);
  };

  it('sends the answer of a key that is also claimed in the batch; that claim finds the key taken', async () => {
    expect(await claim('both')).toBe(true);
    const before = writes.stats().batches;
    const [again, answered, late] = await Promise.all([
      claim('both'),
      answer('both', { first: true }),
      claim('both'),
    ]);

    expect([again, answered, late]).toEqual([false, undefined, false]);
    expect(writes.stats().batches - before).toBe(1);
    expect(await row('both')).toEqual({
      request_hash: hash,
      status: 200,
      response: '{"first":true}',
      owner: null,
    });
  });

  it('sends a success answer with the next claim, in its statement', async () => {
    // A linger no run outlasts: only the claim can send the answer.
    const patient = new IdempotencyWrites(db.dataSource, false, 60_000);
    expect(await claim('ride-1')).toBe(true);
    const stored = patient.answer({
      scope: 'b',
      key: 'ride-1',
      hash,
      status: 200,
      body: { ride: 1 },
      durable: false,
    });
    await new Promise((r) => setTimeout(r, 1));
    expect((await row('ride-1'))?.status).toBeNull(); // waiting for a claim
    const claimed = patient.claim({ scope: 'b', key: 'ride-2', hash, owner: null });
    const [ok] = await Promise.all([claimed, stored]);

    expect(ok).toBe(true);
    expect(patient.stats()).toEqual({ batches: 1, claims: 1, answers: 1 }); // the claim with the earlier answer
    expect((await row('ride-1'))?.response).toBe('{"ride":1}');
    expect(await claim('ride-1')).toBe(false);
  });

  it('sends a success answer alone after ANSWER_LINGER_MS without a claim', async () => {
    expect(await claim('ride-2b')).toBe(true);
    const before = writes.stats().batches;
    const started = Date.now();
    await answer('ride-2b', { ride: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(ANSWER_LINGER_MS - 1);
    expect(writes.stats().batches - before).toBe(1);
    expect((await row('ride-2b'))?.response).toBe('{"ride":2}');
  });

  it('sends a waiting answer with a claim of its own key: the claim finds the key answered', async () => {
    expect(await claim('ride-3')).toBe(true);
    const before = writes.stats().batches;
    const stored = answer('ride-3', { ride: 3 });
    expect(await claim('ride-3')).toBe(false);
    await stored;

    expect(writes.stats().batches - before).toBe(1);
    expect((await row('ride-3'))?.response).toBe('{"ride":3}');
  });

  it('stores the later of two answers of a key in one batch, and claims a new key for its first claim only', async () => {
    expect(await claim('twice')).toBe(true);
    const before = writes.stats().batches;
    const [, , first, second] = await Promise.all([
      answer('twice', { n: 1 }),
      answer('twice', { n: 2 }),
      claim('new'),
      claim('new', requestHash({ other: true })),
    ]);

    expect(writes.stats().batches - before).toBe(1);
    expect([first, second]).toEqual([true, false]);
    expect((await row('twice'))?.response).toBe('{"n":2}');
    expect((await row('new'))?.request_hash).toBe(hash);
  });

  it('stores an answer whose claim is gone (purged) as a new answered row, with its request hash', async () => {
    expect(await claim('gone')).toBe(true);
    await db.dataSource.query(`DELETE FROM idempotency_keys WHERE scope = 'b' AND key = 'gone'`);
    await answer('gone', { late: true });

    expect(await row('gone')).toEqual({
      request_hash: hash,
      status: 200,
      response: '{"late":true}',
      owner: null,
    });
    expect(await claim('gone', requestHash({ other: true }))).toBe(false);
  });

  it("leaves another request's row alone: the answer's claim gone, the key claimed again with another body", async () => {
    expect(await claim('reclaimed')).toBe(true);
    // Its execution taken over, the other one failed (5xx) and let go of the key; another request claims it.
    await db.dataSource.query(`DELETE FROM idempotency_keys WHERE scope = 'b' AND key = 'reclaimed'`);
    const other = requestHash({ other: true });
    expect(await claim('reclaimed', other)).toBe(true);
    await answer('reclaimed', { late: true });

    expect(await row('reclaimed')).toEqual({
      request_hash: other,
      status: null,
      response: null,
      owner: null,
    });
  });

  it('commits claims and successes asynchronously, and a batch with a 4xx answer synchronously', async () => {
    await modes();
    expect(await claim('mode-a')).toBe(true);
    await answer('mode-a', { ok: true });
    expect(await modes()).toEqual(['off', 'off']);

    expect(await claim('mode-b')).toBe(true);
    await Promise.all([
      claim('mode-c'),
      answer('mode-a', { ok: true }),
      answer('mode-b', { code: 'X' }, 422),
    ]);
    expect(await modes()).toEqual(['off', 'on']);
  });

  it('commits claims synchronously with a store that does not claim keys (KurrentDB: the events durable before the ledger commit)', async () => {
    const service = new IdempotencyService(
      db.dataSource,
      db.owner,
      new InMemoryEventStore(), // (a store whose claimsKeys is false, as KurrentDB's)
      new PlanCatalogQueries(db.dataSource),
    );
    await modes();
    await service.run('s', 'kurrentdb', hash, async () => ({ status: 201, body: {} }));
    await service.answersStored();
    expect(await modes()).toEqual(['on', 'off']); // the claim, the answer
  });

  it("stores a command's 4xx problem synchronously and its success asynchronously", async () => {
    const service = new IdempotencyService(
      db.dataSource,
      db.owner,
      new PostgresEventStore(db.dataSource),
      new PlanCatalogQueries(db.dataSource),
    );
    await modes();
    await service.run('s', 'ok', hash, async () => ({ status: 201, body: {} }));
    await service.answersStored();
    expect(await modes()).toEqual(['off', 'off']); // the claim, the answer

    const rejected = service.run('s', 'bad', hash, async () => {
      throw new AppError({ kind: 'validation', code: 'BAD', message: 'bad', messageZh: '错误' });
    });
    await expect(rejected).rejects.toMatchObject({ code: 'BAD' });
    expect(await modes()).toEqual(['off', 'on']);
  });
});
