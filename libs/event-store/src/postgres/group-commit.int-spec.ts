import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createTestDataSource, watchPoolRemovals } from '@app/platform/testing';
import { PostgresEventStore } from './postgres-event-store';
import { AppendFailedError } from './append-batch';
import { testEvent } from '../testing/event-store.contract';
import { AppendInterruptedError, EventIdReusedError, WrongExpectedVersionError } from '../event-store.errors';
import type { AppendRequest, AppendResult } from '../event-store.port';

describe('PostgresEventStore: group commit', () => {
  let ds: DataSource;
  let url: string;
  let close: () => Promise<void>;
  let store: PostgresEventStore;

  beforeEach(async () => {
    const t = await createTestDataSource();
    ds = t.dataSource;
    url = t.db.url;
    close = t.close;
    store = new PostgresEventStore(ds);
  });
  afterEach(async () => close());

  const positions = async () =>
    (await ds.query<{ p: string }[]>('SELECT global_position AS p FROM events ORDER BY 1')).map((r) =>
      Number(r.p),
    );

  it('50 concurrent appends to distinct streams share a few transactions, each with its own result', async () => {
    const before = store.appendStats();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.append(`g-${i}`, [testEvent('G', { i })], 'no_stream')),
    );
    const after = store.appendStats();
    expect(after.units - before.units).toBe(50);
    expect(after.batches - before.batches).toBeLessThan(50);
    expect(after.batches - before.batches).toBeLessThanOrEqual(2); // 32 units per batch at most
    // Each caller got its own stream's version and a position of its own; together they are gapless.
    expect(results.every((r) => r.version === 1)).toBe(true);
    expect(results.map((r) => r.position).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    for (const [i, r] of results.entries()) {
      const [stored] = await store.readStream(`g-${i}`);
      expect([stored!.position, stored!.data]).toEqual([r.position, { i }]);
    }
    expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 50, headPosition: 50 });
  });

  it('in a mixed batch only the conflicting appends fail, each with its own error', async () => {
    const kept = testEvent('Kept', { v: 1 });
    await store.append('a', [testEvent('A1')], 'no_stream');
    await store.append('b', [kept], 'no_stream');
    const before = store.appendStats();
    const multi = (requests: AppendRequest[]) => store.appendMulti(requests).then((r) => r.at(-1)!);
    const outcomes = await Promise.allSettled<AppendResult>([
      store.append('a', [testEvent('A2')], 1), // ok
      store.append('a', [testEvent('A2-stale')], 1), // stale: 'a' is at 2 after the append before it
      store.append('b', [kept], 'no_stream'), // a retry of an appended event: its first result
      store.append('c', [{ ...kept, data: { v: 2 } }], 'any'), // the id again, other content
      store.append('d', [testEvent('D1', { bad: 'nul \u0000 in text' })], 'no_stream'), // jsonb refuses it
      multi([
        { streamId: 'e', events: [testEvent('E1')], expected: 'no_stream' },
        { streamId: 'a', events: [testEvent('A3')], expected: 5 }, // fails: the whole unit goes
      ]),
      multi([
        { streamId: 'f', events: [testEvent('F1')], expected: 'no_stream' },
        { streamId: 'b', events: [testEvent('B2')], expected: 1 },
      ]),
      store.append('g', [testEvent('G1'), testEvent('G2')], 'no_stream'), // ok
    ]);
    expect(store.appendStats().batches - before.batches).toBe(1);
    const [ok1, stale, replay, reused, bad, multiFail, multiOk, ok2] = outcomes;
    expect(ok1).toEqual({ status: 'fulfilled', value: { version: 2, position: 3, alreadyStored: false } });
    expect(stale).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedVersionError) });
    expect((stale as PromiseRejectedResult).reason).toMatchObject({ streamId: 'a', actualVersion: 2 });
    expect(replay).toEqual({ status: 'fulfilled', value: { version: 1, position: 2, alreadyStored: true } });
    expect(reused).toMatchObject({ status: 'rejected', reason: expect.any(EventIdReusedError) });
    expect(bad).toMatchObject({ status: 'rejected', reason: expect.any(AppendFailedError) });
    expect((bad as PromiseRejectedResult).reason).toMatchObject({ code: '22P05' });
    expect((multiFail as PromiseRejectedResult).reason).toMatchObject({
      code: 'WRONG_EXPECTED_VERSION',
      streamId: 'a',
      actualVersion: 2,
    });
    expect(multiOk).toEqual({
      status: 'fulfilled',
      value: { version: 2, position: 5, alreadyStored: false },
    });
    expect(ok2).toEqual({ status: 'fulfilled', value: { version: 2, position: 7, alreadyStored: false } });
    expect(await store.readStream('e')).toEqual([]);
    expect(await store.readStream('d')).toEqual([]);
    expect((await store.readStream('f')).map((e) => e.position)).toEqual([4]);
    expect(await positions()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 7 });
  });

  it('a batch whose connection dies before its commit leaves nothing; a retry appends it once', async () => {
    // Holds every commit that inserted events until the test lets it go: the batch is then mid-flight,
    // its events inserted but not committed.
    await ds.query(`CREATE FUNCTION test_hold_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_advisory_xact_lock_shared(4242); RETURN NULL; END $$`);
    await ds.query(`CREATE CONSTRAINT TRIGGER test_hold_commit AFTER INSERT ON events
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_hold_commit()`);
    const gate = new Client({ connectionString: url });
    await gate.connect();
    try {
      await gate.query('SELECT pg_advisory_lock(4242)');
      const units = Array.from({ length: 10 }, (_, i) => ({
        streamId: `k-${i}`,
        events: [testEvent('K', { i })],
      }));
      const first = Promise.allSettled(units.map((u) => store.append(u.streamId, u.events, 'no_stream')));
      // The batch's connection, waiting at its commit (its deferred trigger ran: its events are inserted).
      let pid: number | undefined;
      for (const deadline = Date.now() + 60_000; pid === undefined && Date.now() < deadline;) {
        const rows = await gate.query<{ pid: number }>(
          `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND NOT granted`,
        );
        pid = rows.rows[0]?.pid;
        if (pid === undefined) await new Promise((r) => setTimeout(r, 50));
      }
      expect(pid).toEqual(expect.any(Number));
      const dropped = watchPoolRemovals(ds);
      await gate.query('SELECT pg_terminate_backend($1)', [pid]);
      const outcomes = await first;
      for (const o of outcomes) {
        expect(o).toMatchObject({ status: 'rejected', reason: expect.any(AppendInterruptedError) });
        expect((o as PromiseRejectedResult).reason).toMatchObject({
          kind: 'unavailable',
          code: 'APPEND_INTERRUPTED',
        });
      }
      await dropped([pid!]); // (else the next query may get the dead connection)
      await gate.query('SELECT pg_advisory_unlock(4242)');
      await ds.query('DROP TRIGGER test_hold_commit ON events');
      expect(await positions()).toEqual([]);

      // The callers retry with the same events: appended once, and a second retry answers the same.
      const retry = () => Promise.all(units.map((u) => store.append(u.streamId, u.events, 'no_stream')));
      const again = await retry();
      expect(again.map((r) => r.position).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 10 }, (_, i) => i + 1),
      );
      expect(again.every((r) => !r.alreadyStored)).toBe(true); // the interrupted batch left nothing
      expect(await retry()).toEqual(again.map((r) => ({ ...r, alreadyStored: true })));
      expect(await positions()).toHaveLength(10);
      expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 10 });
    } finally {
      await gate.end();
    }
  });

  it('wakes the consumers once per committed transaction, not once per append in it', async () => {
    const listener = new Client({ connectionString: url });
    await listener.connect();
    try {
      let wakes = 0;
      listener.on('notification', (m) => {
        if (m.channel === 'pm_events') wakes += 1;
      });
      await listener.query('LISTEN pm_events');
      // (A query of the listening session ends its transaction: what was notified before is delivered by then.)
      const delivered = async () => (await listener.query('SELECT 1'), wakes);
      const streams = ['n-1', 'n-2', 'n-3', 'n-4', 'n-5'];
      await store.appendMulti(
        streams.map((s) => ({ streamId: s, events: [testEvent('N')], expected: 'no_stream' as const })),
      );
      expect(await delivered()).toBe(1);
      await store.append('n-1', [testEvent('N')], 1);
      expect(await delivered()).toBe(2);
      // Concurrent appends of callers of their own, group-committed: one wake per batch (a transaction of many).
      const before = store.appendStats().batches;
      await Promise.all(streams.map((s) => store.append(`${s}-b`, [testEvent('N')], 'no_stream')));
      const batches = store.appendStats().batches - before;
      expect(batches).toBeLessThan(streams.length);
      expect(await delivered()).toBe(2 + batches);
    } finally {
      await listener.end();
    }
  });
});
