import { ticksDuring } from '../testing';
import { EventLoopTurns } from './event-loop-turns';

/** A turn whenever one may be given (by default no slice), in chunks and sort runs of `chunk`; counts them. */
class EveryChunk extends EventLoopTurns {
  given = 0;

  constructor(chunk: number, sliceMs = 0) {
    super(sliceMs, chunk, chunk);
  }

  override async give(): Promise<void> {
    this.given++;
    await super.give();
  }
}

/** Deterministic pseudo-random numbers in [0, 1). */
function numbers(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('EventLoopTurns', () => {
  it('scans every item once, in order, and gives a turn between chunks (none while the slice lasts)', async () => {
    const seen: number[] = [];
    const turns = new EveryChunk(4);
    await turns.scan(10, (from, to) => {
      for (let k = from; k < to; k++) seen.push(k);
    });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(turns.given).toBe(3); // before each of the 3 chunks (a zero slice is always spent)

    const unhurried = new EventLoopTurns(60_000, 4);
    const { ticks } = await ticksDuring(() => unhurried.scan(10, () => undefined));
    expect(ticks).toBe(0); // nothing else ran: no turn within the slice
  });

  it('sorts as Array.prototype.sort does (stably), giving turns, whatever the size against the chunk', async () => {
    const rnd = numbers(41);
    for (const n of [0, 1, 3, 4, 5, 8, 9, 17, 31, 32, 33, 100, 257]) {
      // Few distinct keys: many ties, whose order must be kept.
      const items = Array.from({ length: n }, (_, i) => ({ key: Math.floor(rnd() * 5), i }));
      const before = items.map((x) => x.i);
      const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;
      const expected = items.slice().sort(byKey);
      const turns = new EveryChunk(4);
      const { result: sorted, ticks } = await ticksDuring(() => turns.sort(items, byKey));
      expect({ n, sorted }).toEqual({ n, sorted: expected });
      if (n > 4) {
        expect(items.map((x) => x.i)).toEqual(before); // the caller's array as it was
        expect(turns.given).toBeGreaterThanOrEqual(Math.floor(n / 4));
        expect(ticks).toBeGreaterThanOrEqual(turns.given);
      }
    }
  });

  it('sorts as Array.prototype.sort also for comparators returning NaN, undefined or booleans', async () => {
    type Item = { key: number; i: number };
    const comparators: Record<string, (a: Item, b: Item) => number> = {
      undefined: () => undefined as unknown as number,
      NaN: () => NaN,
      'NaN for ties': (a, b) => (a.key === b.key ? NaN : a.key - b.key),
      'undefined for ties': (a, b) => (a.key === b.key ? (undefined as unknown as number) : a.key - b.key),
      false: () => false as unknown as number,
      'true when after': (a, b) => (a.key > b.key ? (true as unknown as number) : a.key < b.key ? -1 : 0),
      'false for ties': (a, b) => (a.key === b.key ? (false as unknown as number) : a.key - b.key),
    };
    const rnd = numbers(4141);
    for (const n of [3, 4, 5, 8, 9, 33, 100]) {
      const inputs = {
        random: Array.from({ length: n }, (_, i) => ({ key: Math.floor(rnd() * 5), i })),
        'all equal': Array.from({ length: n }, (_, i) => ({ key: 7, i })),
        sorted: Array.from({ length: n }, (_, i) => ({ key: i >> 1, i })),
      };
      for (const [input, items] of Object.entries(inputs))
        for (const [returning, cmp] of Object.entries(comparators)) {
          const sorted = await new EveryChunk(4).sort(items, cmp);
          const expected = items.slice().sort(cmp);
          expect({ n, input, returning, sorted }).toEqual({ n, input, returning, sorted: expected });
        }
    }
  });

  it('only copies a pair of runs already in order: one comparison at their boundary, not a merge', async () => {
    const n = 64; // 16 runs of 4: 8 + 4 + 2 + 1 pairs
    const items = Array.from({ length: n }, (_, i) => i);
    let calls = 0;
    const counted = (a: number, b: number) => (calls++, a - b);
    for (let lo = 0; lo < n; lo += 4) items.slice(lo, lo + 4).sort(counted);
    const inRuns = calls;
    calls = 0;
    expect(await new EveryChunk(4).sort(items, counted)).toEqual(items);
    expect(calls).toBe(inRuns + 15);
  });

  it('does not count an awaited read against the slice once restarted: a short scan after it gives no turn', async () => {
    const turns = new EveryChunk(4, 40);
    await new Promise((r) => setTimeout(r, 60)); // the database answering
    turns.restart();
    await turns.scan(10, () => undefined);
    expect(turns.given).toBe(0);
    await new Promise((r) => setTimeout(r, 60));
    await turns.scan(10, () => undefined); // not restarted: the wait counted
    expect(turns.given).toBe(1);
  });
});
