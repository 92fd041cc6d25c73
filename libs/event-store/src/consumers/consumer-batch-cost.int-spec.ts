import { Client } from 'pg';
import { appendMixed, MINE } from '../testing/mixed-events';
import { storedCheckpoint } from '../testing/tally-consumer';
import { useTallyDatabase } from '../testing/tally-database';
import type { EventConsumer } from './event-consumer';

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

describe('ConsumerRunner batches: their round trips (real PostgreSQL)', () => {
  const db = useTallyDatabase();
  const { runner } = db;

  const head = async () =>
    Number((await db.ds.query<{ h: string }[]>('SELECT max(global_position) AS h FROM events'))[0]!.h);

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
      await appendMixed(db, 3, 1000);
      expect(await batch(typed)).toEqual({ n: 0, roundTrips: 1, statements: 1 }); // skipped, at the head
      expect(await storedCheckpoint(db.ds, 'typed')).toBe(3);
      expect(await batch(all)).toEqual({ n: 3, roundTrips: 3, statements: 5 }); // peeked, then the transaction
      await appendMixed(db, 3, 1000);
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
