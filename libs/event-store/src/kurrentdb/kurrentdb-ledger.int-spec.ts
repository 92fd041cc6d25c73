/**
 * The PostgreSQL half of the KurrentDB adapter, on real PostgreSQL, with no KurrentDB server: the
 * ledger numbers `$all` records (in the native bridge's shape, decoded by the client's own converter)
 * gaplessly, chains them with the same SQL canonical form as `pm_append`, and keeps its cursor in the
 * same transaction. The server half runs in kurrentdb-event-store.int-spec.ts when KURRENTDB_URL is set.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type AllStreamResolvedEvent, UnavailableError } from '@kurrent/kurrentdb-client';
import { convertRustEvent } from '@kurrent/kurrentdb-client/dist/utils/convertRustEvent';
import { freePort } from '@app/platform';
import { createTestDataSource } from '@app/platform/testing';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { GENESIS_HASH } from '../hash-chain';
import { testEvent } from '../testing/event-store.contract';
import { classifyRequest } from './kurrentdb-append-requests';
import { type LedgerCandidate, planLedger, toLedgerCandidate } from './kurrentdb-ledger-plan';
import {
  cursorNames,
  insertLedgerRows,
  type LedgerState,
  loadLedgerState,
  lockLedger,
  saveCursor,
} from './kurrentdb-ledger';
import { findExisting, idsInLedger, streamHeads } from './kurrentdb-ledger-lookups';
import { KurrentDbEventStore } from './kurrentdb-event-store';

const PREFIX = 'pm-';
const utf8 = (v: unknown) => new Uint8Array(Buffer.from(JSON.stringify(v), 'utf8'));

/** `$all` records of streams `pm-<stream>`, commit positions 100, 200, … */
function records(
  events: { stream: string; revision: number; type?: string; data?: unknown; id?: string }[],
): AllStreamResolvedEvent[] {
  return events.map((e, i) =>
    convertRustEvent<AllStreamResolvedEvent>({
      event: {
        streamId: PREFIX + e.stream,
        id: e.id ?? randomUUID(),
        type: e.type ?? 'ProgressReported',
        isJson: true,
        revision: BigInt(e.revision),
        created: Date.UTC(2021, 2, 1, 8, 0, i, 250),
        data: utf8(e.data ?? { i, text: '三区并进 🚀', ratio: 0.1, big: 1e21 }),
        metadata: utf8({ occurredAt: '2021-03-01T00:00:00.000Z', actor: { system: 'test', unit: 'u-1' } }),
        position: { commit: BigInt((i + 1) * 100), prepare: BigInt((i + 1) * 100) },
      },
    }),
  );
}

/** What the adapter does with one `$all` page, inside a locked transaction. */
async function ingest(ds: DataSource, page: AllStreamResolvedEvent[]): Promise<LedgerState> {
  return ds.transaction(async (tx) => {
    await lockLedger(tx);
    const state = await loadLedgerState(tx, PREFIX);
    const candidates: LedgerCandidate[] = [];
    for (const r of page) {
      const c = toLedgerCandidate(r, PREFIX);
      if (c.ok) candidates.push(c.event);
    }
    const plan = planLedger(
      state.position,
      candidates,
      await idsInLedger(
        tx,
        candidates.map((c) => c.eventId),
      ),
    );
    const head = await insertLedgerRows(tx, state, plan.rows);
    const cursor = page[page.length - 1]!.event!.position;
    await saveCursor(tx, PREFIX, cursor);
    return { ...head, cursor };
  });
}

describe('KurrentDB ledger (real PostgreSQL, no KurrentDB server)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
  });
  afterEach(async () => close());

  it('starts empty: position 0, the genesis hash, no cursor (read $all from the start)', async () => {
    expect(await loadLedgerState(ds.manager, PREFIX)).toEqual({
      position: 0,
      hash: GENESIS_HASH,
      cursor: undefined,
    });
  });

  it('numbers $all records gaplessly, chains them as pm_append does, and keeps the cursor with them', async () => {
    const all = records([
      { stream: 'm-1', revision: 0 },
      { stream: 'm-2', revision: 0 },
      { stream: 'm-1', revision: 1 },
    ]);
    const state = await ingest(ds, all.slice(0, 2));
    expect(state).toMatchObject({ position: 2, cursor: { commit: 200n, prepare: 200n } });
    const next = await ingest(ds, all.slice(2));
    expect(next.position).toBe(3);
    expect(await loadLedgerState(ds.manager, PREFIX)).toEqual(next);

    const pg = new PostgresEventStore(ds);
    const read = await pg.readAll(0, 10);
    expect(read.map((e) => [e.position, e.streamId, e.version])).toEqual([
      [1, 'm-1', 1],
      [2, 'm-2', 1],
      [3, 'm-1', 2],
    ]);
    expect(read[0]!.prevHash).toBe(GENESIS_HASH);
    expect(read[2]!.prevHash).toBe(read[1]!.hash);
    expect(read[0]!.recordedAt.toISOString()).toBe('2021-03-01T08:00:00.250Z');
    expect(read[0]!.data).toEqual({ i: 0, text: '三区并进 🚀', ratio: 0.1, big: 1e21 });
    // The PostgreSQL verifier recomputes every hash in Node from the stored text: the chain holds.
    expect(await pg.verifyChain()).toMatchObject({
      ok: true,
      checked: 3,
      headPosition: 3,
      headHash: next.hash,
    });
    const cp = await ds.query<{ name: string; position: string }[]>(
      'SELECT name, position FROM consumer_checkpoints ORDER BY name',
    );
    expect(cp).toEqual([
      { name: cursorNames(PREFIX).commit, position: '300' },
      { name: cursorNames(PREFIX).prepare, position: '300' },
    ]);
  });

  it('is a function of $all: a rebuild from the same records gives the same positions and hashes', async () => {
    const all = records([
      { stream: 'a', revision: 0 },
      { stream: 'b', revision: 0, data: { nested: { z: 1, a: [true, null, 'x'] } } },
      { stream: 'a', revision: 1 },
    ]);
    const first = await ingest(ds, all);
    const other = await createTestDataSource();
    try {
      const rebuilt = await ingest(other.dataSource, all.slice(0, 1));
      const rebuiltHead = await ingest(other.dataSource, all.slice(1));
      expect(rebuilt.position).toBe(1);
      expect(rebuiltHead).toEqual(first);
    } finally {
      await other.close();
    }
  });

  it('a later copy of an event id keeps no place; the cursor still moves past it', async () => {
    const id = randomUUID();
    const state = await ingest(
      ds,
      records([
        { stream: 'x', revision: 0, id },
        { stream: 'y', revision: 0, id },
        { stream: 'x', revision: 1 },
      ]),
    );
    expect(state).toMatchObject({ position: 2, cursor: { commit: 300n } });
    expect((await new PostgresEventStore(ds).readAll(0, 10)).map((e) => e.streamId)).toEqual(['x', 'x']);
    expect(await new PostgresEventStore(ds).verifyChain()).toMatchObject({ ok: true, checked: 2 });
  });

  it('gives the idempotency decision the stored events, jsonb round trip included', async () => {
    const e = testEvent('ProgressReported', { percent: 40.5, zh: '进展', list: [1, { b: 2, a: 1 }] });
    await ingest(ds, records([{ stream: 'm-9', revision: 0, id: e.eventId, type: e.type, data: e.data }]));
    const known = await findExisting(ds.manager, [e.eventId]);
    expect(classifyRequest({ streamId: 'm-9', events: [e], expected: 'no_stream' }, known)).toEqual({
      version: 1,
      position: 1,
      alreadyStored: true,
    });
    expect(() =>
      classifyRequest({ streamId: 'm-9', events: [{ ...e, data: { percent: 41 } }], expected: 'any' }, known),
    ).toThrow('already used');
    expect(await streamHeads(ds.manager, ['m-9', 'none'])).toEqual(
      new Map([['m-9', { version: 1, eventId: e.eventId.toLowerCase() }]]),
    );
  });

  it('refuses an events table it did not write (events from the PostgreSQL adapter, no cursor)', async () => {
    await new PostgresEventStore(ds).append('s', [testEvent()], 'no_stream');
    await expect(loadLedgerState(ds.manager, PREFIX)).rejects.toThrow(/no KurrentDB checkpoint/);
  });
});

describe('KurrentDB adapter with no server listening (real PostgreSQL, a closed loopback port)', () => {
  it("fails with the client's UnavailableError, writes nothing and releases the ledger lock", async () => {
    const { dataSource: ds, close } = await createTestDataSource();
    const store = KurrentDbEventStore.connect(ds, `kurrentdb://127.0.0.1:${await freePort()}?tls=false`);
    try {
      await expect(store.append('s', [testEvent()], 'no_stream')).rejects.toBeInstanceOf(UnavailableError);
      await expect(store.readStream('s')).rejects.toBeInstanceOf(UnavailableError);
      expect(await ds.query(`SELECT count(*)::int AS n FROM events`)).toEqual([{ n: 0 }]);
      const advisory = `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'
                          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
      expect(await ds.query(advisory)).toEqual([{ n: 0 }]);
    } finally {
      await store.close();
      await close();
    }
  });
});
