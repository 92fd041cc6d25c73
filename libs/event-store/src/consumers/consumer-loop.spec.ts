import type { Logger } from '@nestjs/common';
import { loadConfig } from '@app/platform';
import { wakes } from '../testing/wakes';
import type { EventConsumer } from './event-consumer';
import { ConsumerLoop } from './consumer-loop';

const consumer = { name: 'linger-test', handle: async () => undefined } as EventConsumer;
const log = { log: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;

/**
 * A loop already holding its lock, whose batches each move its checkpoint over `passed` events (short of the limit: at
 * the head), applying `count` of them (0: a consumer with `types` passing over others); `batches`: when each ran.
 */
function loopWithBatches(count = 5, passed = 5): { loop: ConsumerLoop; batches: number[] } {
  const batches: number[] = [];
  const runner = {
    nextBatch: async () => {
      batches.push(Date.now());
      return { count, passed, position: 0, moves: 0, atHead: true };
    },
    batchLimit: () => 100,
    recordFailure: async () => undefined,
    clearFailure: async () => undefined,
    checkpointState: async () => ({ position: 0, moves: 0, narrowing: undefined }),
  };
  const config = loadConfig({ CONSUMER_LINGER_MS: '40', CONSUMER_POLL_MS: '1000' });
  const loop = new ConsumerLoop(consumer, runner, 'postgres://unused', config, log);
  loop.active = true;
  return { loop, batches };
}

/**
 * Starts the loop, wakes it `n` times `gapMs` apart (a stream of appends), then lets 100 quiet ms pass and stops it:
 * the gaps between its batches while the appends came, and how long after the last one the next batch ran.
 */
async function batchesUnderWakes(
  loop: ConsumerLoop,
  batches: number[],
  gapMs: number,
  n: number,
): Promise<{ gaps: number[]; after: number[] }> {
  loop.start();
  await wakes(loop, gapMs, n);
  const lastWake = Date.now();
  await jest.advanceTimersByTimeAsync(100);
  await loop.stop();
  const during = batches.filter((b) => b <= lastWake);
  const gaps = during.slice(1).map((b, i) => b - during[i]!);
  const after = batches.filter((b) => b > lastWake).map((b) => b - lastWake);
  return { gaps, after };
}

describe('ConsumerLoop: lingering under a stream of appends', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it.each([
    ['applying them', 5],
    ['passing over other types', 0],
  ])(
    'gathers the appends of 40 ms in a batch while they arrive (%s), and runs at once when they stop',
    async (_, count) => {
      const { loop, batches } = loopWithBatches(count);
      // An append every 3 ms for 300 ms, then none.
      const { gaps, after } = await batchesUnderWakes(loop, batches, 3, 100);
      expect(gaps.length).toBeGreaterThanOrEqual(5);
      // Batches at most every linger (40 ms) while appends keep coming: a transaction per many events.
      for (const g of gaps) expect(g).toBeGreaterThanOrEqual(40);
      // The burst's last appends are applied once 10 quiet ms have passed, not a whole linger later.
      expect(after.length).toBeGreaterThanOrEqual(1);
      expect(after[0]!).toBeLessThanOrEqual(10);
    },
  );

  it('keeps lingering through sparser appends (one every 12 ms, a loaded API group-committing), and runs 25 ms after they stop', async () => {
    const { loop, batches } = loopWithBatches();
    // Lingers start at the wakes 24 + 48k ms (the first, at 12 ms, knows no gap yet and ends 10 ms later; then each
    // ends at its 40 ms limit, and the next wake starts the next): the last wake, at 456 ms (the 38th), starts one,
    // which only the quiet period ends.
    const { gaps, after } = await batchesUnderWakes(loop, batches, 12, 38);

    // A quiet period of 3 mean gaps (capped at 25 ms): a 12 ms gap no longer ends the linger, so a batch gathers
    // the appends of a whole linger, not one append each.
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    for (const g of gaps.slice(1)) expect(g).toBeGreaterThanOrEqual(40);
    expect(after.length).toBeGreaterThanOrEqual(1);
    expect(after[0]!).toBe(25);
  });

  it('applies a lone append at once (no linger after a batch of one)', async () => {
    const { loop, batches: times } = loopWithBatches(1, 1);
    loop.start();
    await wakes(loop, 5, 1);
    await jest.advanceTimersByTimeAsync(1);
    await loop.stop();
    expect(times.slice(0, 2)).toEqual([0, 5]);
  });
});
