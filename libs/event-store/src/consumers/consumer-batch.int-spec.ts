import { appendMixed, filtered } from '../testing/mixed-events';
import { storedCheckpoint, tally, TallyConsumer } from '../testing/tally-consumer';
import { useTallyDatabase } from '../testing/tally-database';
import type { ConsumerRunner } from './consumer-runner';
import type { EventConsumer } from './event-consumer';

/* The batches' reading, filtering and failures; their locks: consumer-batch-locks; their cost: consumer-batch-cost. */
describe('ConsumerRunner batches (real PostgreSQL)', () => {
  const db = useTallyDatabase();
  const { runner } = db;

  it('a filtered consumer skips foreign events, and its checkpoint still reaches the head', async () => {
    const c = filtered('skips');
    const r = runner();
    r.register(c);
    await appendMixed(db, 25, 1000); // 25 foreign events: more than a batch
    expect(await r.catchUp('skips')).toBe(0);
    expect(await storedCheckpoint(db.ds, 'skips')).toBe(25);
    const mine = await appendMixed(db, 15, 5);
    expect(await r.catchUp('skips')).toBe(3);
    expect(c.seen).toEqual(mine);
    expect(await storedCheckpoint(db.ds, 'skips')).toBe(40);
    // The loop too, over foreign events only: health lag and read-your-writes see it at the head.
    r.start();
    await appendMixed(db, 30, 1000);
    expect(await r.waitForPosition(70, 5000)).toBe(true);
    expect((await r.status())[0]).toMatchObject({ position: 70, lag: 0 });
    expect(c.seen).toEqual(mine);
  });

  it('a filtered consumer sees its events in order, interleaved with foreign ones, across batches', async () => {
    const mine = await appendMixed(db, 100, 3); // 33 of them, batches of 10
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
    const appends = appendMixed(db, 120, 2).finally(() => (appending = false));
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

  it('a failure in handle leaves the checkpoint where it was; the retry ends as an uninterrupted run', async () => {
    const mine = await appendMixed(db, 60, 2); // 30 of them: the second batch holds the 13th
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
    await appendMixed(db, 5, 1);
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
});
