/**
 * The KurrentDB adapter against a real KurrentDB server and a real PostgreSQL (the ledger). Runs only
 * when KURRENTDB_URL is set (e.g. `kurrentdb://127.0.0.1:2113?tls=false`, see docs/kurrentdb.md);
 * otherwise it runs one test that says the server tests were skipped and why. Each store gets a fresh
 * test database and a random stream prefix, so runs never see each other's streams on a shared server.
 */
import { randomBytes } from 'node:crypto';
import { jsonEvent } from '@kurrent/kurrentdb-client';
import { createTestDataSource } from '@app/platform/testing';
import { eventStoreContract, testEvent } from '../testing/event-store.contract';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb-event-store';

const KURRENTDB_URL = process.env.KURRENTDB_URL?.trim() ?? '';

const SKIP_REASON =
  'KurrentDB server tests SKIPPED: KURRENTDB_URL is not set. No KurrentDB server can run on this ' +
  'machine; the mapping is covered by the unit specs kurrentdb-*.spec.ts and the PostgreSQL ledger by ' +
  'kurrentdb-ledger.int-spec.ts. Set KURRENTDB_URL=kurrentdb://host:2113?tls=false to run the ' +
  'EventStore contract suite and the tests below against a server.';

async function makeStore(options: Omit<KurrentDbEventStoreOptions, 'streamPrefix' | 'ownsClient'> = {}) {
  const { dataSource, close } = await createTestDataSource();
  const prefix = `pmtest${randomBytes(5).toString('hex')}-`;
  const store = KurrentDbEventStore.connect(dataSource, KURRENTDB_URL, { ...options, streamPrefix: prefix });
  return {
    store,
    dataSource,
    prefix,
    close: async () => {
      await store.close();
      await close();
    },
  };
}

if (KURRENTDB_URL === '') {
  describe('KurrentDB adapter against a KurrentDB server', () => {
    it('skipped the server tests because KURRENTDB_URL is not set (no KurrentDB server here)', () => {
      console.log(SKIP_REASON);
      expect(KURRENTDB_URL).toBe('');
    });
  });
} else {
  eventStoreContract('kurrentdb', async () => {
    const { store, close } = await makeStore();
    return { store, close };
  });

  describe('KurrentDB adapter: beyond the contract', () => {
    let t: Awaited<ReturnType<typeof makeStore>>;
    beforeEach(async () => {
      t = await makeStore({ pollMs: 50 });
    });
    afterEach(async () => t.close());

    it('events written to KurrentDB by another writer reach the ledger, numbered and chained', async () => {
      await t.store.append('own', [testEvent('Own')], 'no_stream');
      await t.store.client.appendToStream(
        `${t.prefix}foreign`,
        jsonEvent({ type: 'Foreign', data: { n: 1 }, metadata: { occurredAt: '2021-03-01T00:00:00.000Z' } }),
      );
      expect(await t.store.headPosition()).toBe(2);
      const all = await t.store.readAll(0, 10);
      expect(all.map((e) => [e.position, e.streamId, e.version, e.type])).toEqual([
        [1, 'own', 1, 'Own'],
        [2, 'foreign', 1, 'Foreign'],
      ]);
      expect(await t.store.verifyChain()).toMatchObject({ ok: true, checked: 2, headPosition: 2 });
    });

    it('an append that reached KurrentDB but not the ledger is completed by the same request again', async () => {
      const e = testEvent('Interrupted', { step: 1 });
      // What a crash between the KurrentDB append and the ledger commit leaves behind.
      await t.store.client.appendToStream(
        `${t.prefix}crash`,
        jsonEvent({ id: e.eventId, type: e.type, data: { step: 1 }, metadata: { ...e.metadata } }),
        { streamState: 'no_stream' },
      );
      // The follower brings the event into the ledger first: the append finds it stored.
      await expect(t.store.append('crash', [e], 'no_stream')).resolves.toEqual({
        version: 1,
        position: 1,
        alreadyStored: true,
      });
      expect((await t.store.readStream('crash')).map((x) => x.eventId)).toEqual([e.eventId]);
    });

    it('following $all: events from another writer reach the ledger and the consumers without an append here', async () => {
      t.store.startFollowing();
      await t.store.client.appendToStream(
        `${t.prefix}later`,
        jsonEvent({ type: 'Later', data: {}, metadata: { occurredAt: '2021-03-01T00:00:00.000Z' } }),
      );
      const deadline = Date.now() + 10_000;
      let n = 0;
      while (Date.now() < deadline) {
        n = Number((await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM events'))[0]!.n);
        if (n === 1) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(n).toBe(1);
    });

    it('a ledger rewritten with a recomputed chain passes the chain check but not the check against KurrentDB', async () => {
      for (let i = 1; i <= 3; i++) await t.store.append('m', [testEvent('P', { percent: i * 10 })], 'any');
      // A superuser edits event 2 and recomputes the chain from there on: the chain alone still holds.
      await t.dataSource.query('ALTER TABLE events DISABLE TRIGGER events_append_only');
      await t.dataSource.query(`UPDATE events SET data = '{"percent": 100}' WHERE global_position = 2`);
      for (const pos of [2, 3]) {
        await t.dataSource.query(
          `UPDATE events e SET prev_hash = p.hash,
                  hash = encode(sha256(convert_to(pm_event_canonical(p.hash, e.global_position, e.stream_id,
                           e.stream_version, e.event_id, e.type, e.data, e.metadata, e.recorded_at), 'UTF8')), 'hex')
             FROM events p WHERE e.global_position = $1 AND p.global_position = $1 - 1`,
          [pos],
        );
      }
      await t.dataSource.query('ALTER TABLE events ENABLE TRIGGER events_append_only');
      expect(await new PostgresEventStore(t.dataSource).verifyChain()).toMatchObject({
        ok: true,
        checked: 3,
      });
      const v = await t.store.verifyChain();
      expect(v).toMatchObject({ ok: false, brokenAt: 2, checked: 1 });
      expect(v.reason).toContain('data');
    });
  });
}
