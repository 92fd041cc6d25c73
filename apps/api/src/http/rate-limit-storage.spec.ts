import { SlidingWindowStorage } from './rate-limit-storage';

const MINUTE = 60_000;

describe('SlidingWindowStorage (the rate limit in constant time per request)', () => {
  it('lets `limit` requests through in a window, blocks the next for the block duration, then starts afresh', async () => {
    let now = 10 * MINUTE + 1_000;
    const storage = new SlidingWindowStorage(() => now);
    const hit = () => storage.increment('default:token:a', MINUTE, 3, MINUTE);
    const through = [await hit(), await hit(), await hit()];
    expect(through.map((r) => [r.isBlocked, r.totalHits])).toEqual([
      [false, 1],
      [false, 2],
      [false, 3],
    ]);
    expect(through[2]!.timeToExpire).toBe(59);
    const refused = await hit();
    expect(refused).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
    now += 30_000;
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    now += 30_000;
    expect(await hit()).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it("counts the last window's hits by how much of it still lies within the last minute", async () => {
    let now = 5 * MINUTE;
    const storage = new SlidingWindowStorage(() => now);
    const hit = () => storage.increment('k', MINUTE, 10, MINUTE);
    for (let i = 0; i < 8; i++) await hit();
    now += MINUTE + 15_000; // a quarter into the next window: 6 of the last window's 8 still count
    expect(await hit()).toMatchObject({ isBlocked: false, totalHits: 7 });
    now += 2 * MINUTE; // two windows on: nothing counts any more
    expect(await hit()).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('keeps clients apart', async () => {
    const storage = new SlidingWindowStorage(() => MINUTE);
    expect(await storage.increment('a', MINUTE, 1, MINUTE)).toMatchObject({ isBlocked: false });
    expect(await storage.increment('a', MINUTE, 1, MINUTE)).toMatchObject({ isBlocked: true });
    expect(await storage.increment('b', MINUTE, 1, MINUTE)).toMatchObject({ isBlocked: false });
  });
});
