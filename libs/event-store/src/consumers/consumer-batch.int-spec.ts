import { Client } from 'pg';
import { testEvent } from '../testing/event-store.contract';
import { storedCheckpoint, tally, TallyConsumer, until } from '../testing/tally-consumer';
import { useTallyDatabase } from '../testing/tally-database';
import type { ConsumerRunner } from './consumer-runner';
import type { EventConsumer } from './event-consumer';

const MINE = 'Mine';

/** A tally of the `Mine` events only, declared as its `types`. */
const filtered = (name: string, failAt?: { position: number; times: number }) =>
  Object.assign(new TallyConsumer(name, failAt), { types: [MINE] });

/** Node-postgres round trips (one `Client.query` each) and the SQL statements they carry, while installed. */
function countQueries(): { take(): { roundTrips: number; statements: number }; restore(): void } {
  const original = Client.prototype.query;
  let roundTrips = 0;
  let statements = 0;
  const counted = function (this: Client, ...args: unknown[]): unknown {
    const [config] = args;
    const text = typeof config === 'string' ? config : ((config as { text?: string } | null)?.text ?? '');
    roundTrips++;
    statements += text.split(';').filter((s) => s.trim() !== '').length;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  Client.prototype.query = counted as typeof original;
  return {
    take() {
      const out = { roundTrips, statements };
      roundTrips = statements = 0;
      return out;
    },
    restore() {
      Client.prototype.query = original;
    },
  };
}

describe('ConsumerRunner batches (real PostgreSQL)', () => {
  const db = useTallyDatabase();
  const { runner } = db;

  /** Appends `count` events, every `mineEvery`-th of type `Mine`; returns the positions of those. */
  async function appendMixed(count: number, mineEvery: number): Promise<number[]> {
    const mine: number[] = [];
    for (let i = 1; i <= count; i++) {
      const type = i % mineEvery === 0 ? MINE : 'N';
      const { position } = await db.store.append(`s-${i % 5}`, [testEvent(type, { n: i })], 'any');
      if (type === MINE) mine.push(position);
    }
    return mine;
  }

  /** Until a statement containing `fragment` waits on a lock. */
  const waitingOn = (fragment: string) =>
    until(async () => {
      const rows = await db.ds.query<unknown[]>(
        `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%'`,
        [fragment],
      );
      return rows.length > 0;
    });

  const head = async () =>
    Number((await db.ds.query<{ h: string }[]>('SELECT max(global_position) AS h FROM events'))[0]!.h);

  it('a filtered consumer skips foreign events, and its checkpoint still reaches the head', async () => {
    const c = filtered('skips');
    const r = runner();
    r.register(c);
    await appendMixed(25, 1000); // 25 foreign events: more than a batch
    expect(await r.catchUp('skips')).toBe(0);
    expect(await storedCheckpoint(db.ds, 'skips')).toBe(25);
    const mine = await appendMixed(15, 5);
    expect(await r.catchUp('skips')).toBe(3);
    expect(c.seen).toEqual(mine);
    expect(await storedCheckpoint(db.ds, 'skips')).toBe(40);
    // The loop too, over foreign events only: health lag and read-your-writes see it at the head.
    r.start();
    await appendMixed(30, 1000);
    expect(await r.waitForPosition(70, 5000)).toBe(true);
    expect((await r.status())[0]).toMatchObject({ position: 70, lag: 0 });
    expect(c.seen).toEqual(mine);
  });

  it('a filtered consumer sees its events in order, interleaved with foreign ones, across batches', async () => {
    const mine = await appendMixed(100, 3); // 33 of them, batches of 10
    const c = filtered('interleaved');
    const r = runner();
    r.register(c);
    const batches: [number, number][] = [];
    for (;;) {
      const n = await r.processBatch(c);
      batches.push([n, await storedCheckpoint(db.ds, 'interleaved')]);
      if (n === 0) break;
    }
    // A full batch stops at its last event (more may follow); the short one saw everything to the head.
    expect(batches).toEqual([
      [10, mine[9]],
      [10, mine[19]],
      [10, mine[29]],
      [3, 100],
      [0, 100],
    ]);
    expect(c.seen).toEqual(mine);
    expect((await tally(db.ds, 'interleaved')).reduce((a, t) => a + t.n, 0)).toBe(33);
  });

  it.each([
    ['unfiltered', (name: string) => new TallyConsumer(name)],
    ['filtered', filtered],
  ])('%s: two runners of one name racing apply each event once, none skipped', async (_, make) => {
    const a = make('race');
    const b = make('race');
    const ra = runner();
    const rb = runner();
    ra.register(a);
    rb.register(b);
    let appending = true;
    const appends = appendMixed(120, 2).finally(() => (appending = false));
    // Both apply batches as fast as they can while the appends go on, then to the head.
    const drive = async (r: ConsumerRunner, c: EventConsumer) => {
      while (appending) await r.processBatch(c);
      await r.catchUp('race');
    };
    await Promise.all([drive(ra, a), drive(rb, b)]);
    const mine = await appends;
    const expected = 'types' in a ? mine : Array.from({ length: 120 }, (_, i) => i + 1);
    const seen = [...a.seen, ...b.seen].sort((x, y) => x - y);
    expect(seen).toEqual(expected);
    expect((await tally(db.ds, 'race')).reduce((s, t) => s + t.n, 0)).toBe(expected.length);
    expect(await storedCheckpoint(db.ds, 'race')).toBe(120);
  });

  it('a batch that waited on the checkpoint lock reads after the checkpoint it was handed', async () => {
    await appendMixed(10, 1000);
    const c = Object.assign(new TallyConsumer('waited'), { batchSize: 100 });
    const r = runner();
    r.register(c);
    await db.ds.query(`INSERT INTO consumer_checkpoints (name) VALUES ('waited')`);
    const other = new Client({ connectionString: db.url });
    await other.connect();
    const blocked = () => waitingOn('BEGIN; EXECUTE pm_'); // the batch's locking read
    try {
      // Another instance holds the row and has applied up to 4: the batch starts (its snapshot: 1–10), waits.
      await other.query(`BEGIN; UPDATE consumer_checkpoints SET position = 4 WHERE name = 'waited'`);
      let batch = r.processBatch(c);
      await blocked();
      await appendMixed(5, 1000); // 11–15, after the waiting statement's snapshot
      await other.query('COMMIT');
      expect(await batch).toBe(6);
      expect(c.seen).toEqual([5, 6, 7, 8, 9, 10]);
      expect(await r.processBatch(c)).toBe(5);
      // The other instance got beyond the head the waiting statement can see: that batch is empty.
      await other.query(`BEGIN; UPDATE consumer_checkpoints SET position = 18 WHERE name = 'waited'`);
      batch = r.processBatch(c);
      await blocked();
      await appendMixed(5, 1000); // 16–20
      await other.query('COMMIT');
      expect(await batch).toBe(0);
      expect(await storedCheckpoint(db.ds, 'waited')).toBe(18);
      expect(await r.processBatch(c)).toBe(2);
      expect(c.seen).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 19, 20]);
    } finally {
      await other.end();
    }
  });

  it('a batch with nothing to handle never moves on a checkpoint that a reset moved back meanwhile', async () => {
    const mine = await appendMixed(20, 4);
    const c = filtered('reset');
    const r = runner();
    r.register(c);
    await r.catchUp('reset'); // its last batch reached the head (with events)
    await r.processBatch(c);
    await r.processBatch(c); // two batches in a row with nothing to handle: the next one peeks
    await appendMixed(5, 1000); // 21–25, foreign
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      // A reset holds the row: the batch reads checkpoint 20 and nothing to handle up to 25, then waits to move it.
      await other.query(`BEGIN; UPDATE consumer_checkpoints SET position = 0 WHERE name = 'reset'`);
      await other.query(`DELETE FROM tally WHERE consumer = 'reset'`);
      const batch = r.processBatch(c);
      await waitingOn('UPDATE consumer_checkpoints c');
      await other.query('COMMIT');
      expect(await batch).toBe(0);
      expect(await storedCheckpoint(db.ds, 'reset')).toBe(0);
      c.seen = [];
      await r.catchUp('reset');
      expect(c.seen).toEqual(mine);
      expect(await storedCheckpoint(db.ds, 'reset')).toBe(25);
    } finally {
      await other.end();
    }
  });

  it('a failure in handle leaves the checkpoint where it was; the retry ends as an uninterrupted run', async () => {
    const mine = await appendMixed(60, 2); // 30 of them: the second batch holds the 13th
    const clean = filtered('clean');
    const flaky = filtered('flaky', { position: mine[12]!, times: 1 });
    const r = runner();
    r.register(clean);
    r.register(flaky);
    await r.catchUp('clean');
    await expect(r.catchUp('flaky')).rejects.toThrow(`boom at ${mine[12]}`);
    expect(await storedCheckpoint(db.ds, 'flaky')).toBe(mine[9]);
    await r.catchUp('flaky');
    expect(await tally(db.ds, 'flaky')).toEqual(await tally(db.ds, 'clean'));
    expect(flaky.seen).toEqual(mine);
    expect(await storedCheckpoint(db.ds, 'flaky')).toBe(60);
  });

  it("a transaction() inside handle is a savepoint of the batch's: a later failure rolls it back too", async () => {
    await appendMixed(5, 1);
    let fail = true;
    const nested: EventConsumer = {
      name: 'nested',
      handle: async (events, tx) => {
        await tx.transaction(async (inner) => {
          for (const e of events)
            await inner.query(
              `INSERT INTO tally (consumer, stream_id, n, total) VALUES ('nested', $1, 1, 0)
                               ON CONFLICT (consumer, stream_id) DO UPDATE SET n = tally.n + 1`,
              [e.streamId],
            );
        });
        if (fail) throw new Error('after the inner transaction');
      },
    };
    const r = runner();
    r.register(nested);
    await expect(r.processBatch(nested)).rejects.toThrow('after the inner transaction');
    expect(await tally(db.ds, 'nested')).toEqual([]);
    expect(await storedCheckpoint(db.ds, 'nested')).toBe(0);
    fail = false;
    expect(await r.processBatch(nested)).toBe(5);
    expect((await tally(db.ds, 'nested')).reduce((n, row) => n + row.n, 0)).toBe(5);
    expect(await storedCheckpoint(db.ds, 'nested')).toBe(5);
  });

  it('costs two round trips per batch with events, one per batch with nothing to handle, and no hash', async () => {
    const quiet = (name: string, types?: string[]): EventConsumer => ({
      name,
      ...(types ? { types } : {}),
      handle: async () => undefined,
    });
    const all = quiet('all');
    const typed = quiet('typed', [MINE]);
    const r = runner();
    r.register(all);
    r.register(typed);
    await r.processBatch(all); // creates the checkpoint rows
    await r.processBatch(typed);
    const counter = countQueries();
    // The statements are built once per consumer and limit: the prepared peek's name (a sha1) is not recomputed.
    const hashes = jest.spyOn(jest.requireActual<typeof import('node:crypto')>('node:crypto'), 'createHash');
    try {
      const batch = async (c: EventConsumer) => {
        counter.take();
        const n = await r.processBatch(c);
        return { n, ...counter.take() };
      };
      await appendMixed(3, 1000);
      expect(await batch(typed)).toEqual({ n: 0, roundTrips: 1, statements: 1 }); // skipped, at the head
      expect(await storedCheckpoint(db.ds, 'typed')).toBe(3);
      expect(await batch(all)).toEqual({ n: 3, roundTrips: 3, statements: 5 }); // peeked, then the transaction
      await appendMixed(3, 1000);
      expect(await batch(all)).toEqual({ n: 3, roundTrips: 2, statements: 4 }); // BEGIN + read, UPDATE + COMMIT
      expect(await batch(all)).toEqual({ n: 0, roundTrips: 2, statements: 3 }); // BEGIN + read, COMMIT
      expect(await batch(all)).toEqual({ n: 0, roundTrips: 2, statements: 3 }); // still expecting events
      expect(await batch(all)).toEqual({ n: 0, roundTrips: 1, statements: 1 }); // quiet: a peek
      expect(await storedCheckpoint(db.ds, 'all')).toBe(await head());
      expect(hashes).not.toHaveBeenCalled();
    } finally {
      hashes.mockRestore();
      counter.restore();
    }
  });
});
