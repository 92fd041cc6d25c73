import { logWithPoison } from '../testing/poisoned-log';

describe('ConsumerLoop: its checkpoint set by hand (a skip, a reset, a rebuild)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('ends the wait after a failure when its checkpoint is set by hand (a skip), and only then', async () => {
    const { loop, state, moveTo } = logWithPoison(1, () => new Error('bad payload'), 30_000);
    loop.start();
    await jest.advanceTimersByTimeAsync(10);
    loop.wake(); // an append
    await jest.advanceTimersByTimeAsync(10);
    expect(state.limits).toHaveLength(1);
    state.broken = false;
    moveTo(1); // stepped over
    await jest.advanceTimersByTimeAsync(1);
    await loop.stop();
    // At once, not 30 s later, and a full batch: the halving was about the event stepped over.
    expect(state.limits.slice(0, 2)).toEqual([100, 100]);
    expect(state.cleared).toBe(1);
  });

  it('goes back to full batches when its checkpoint is set back by hand while it pins an event down (a rebuild)', async () => {
    const { loop, state, checkpoint, moveTo } = logWithPoison(37);
    loop.start();
    await jest.advanceTimersByTimeAsync(200);
    expect(state.limits.at(-1)).toBe(1);
    expect(checkpoint()).toBe(36);
    state.broken = false; // the rebuild's code is fixed
    const tries = state.limits.length;
    moveTo(0); // projections rebuild: reset to 0
    await jest.advanceTimersByTimeAsync(50);
    await loop.stop();
    // Not one event a batch up to 37, where the event was being pinned down.
    expect(new Set(state.limits.slice(tries))).toEqual(new Set([100]));
    expect(checkpoint()).toBe(100);
  });

  it('records a batch that failed before its lock with the moves it last saw (after a move: as re-read), not the position', async () => {
    const { loop, state, moveTo } = logWithPoison(1000);
    loop.start();
    await jest.advanceTimersByTimeAsync(10); // 1-100, then at the head
    state.early = true; // the batch fails before it locks the checkpoint (a lock timeout behind a long rebuild)
    loop.wake();
    await jest.advanceTimersByTimeAsync(1);
    // Only the moves: a catch-up elsewhere may have moved the position, and a stale one would hide the failure.
    expect(state.recorded.map((f) => f.checkpoint)).toEqual([{ moves: 0 }]);
    moveTo(0); // reset: the next batch's failure is recorded only on the row as the reset left it
    await jest.advanceTimersByTimeAsync(1);
    await loop.stop();
    expect(state.recorded.map((f) => f.checkpoint)).toEqual([{ moves: 0 }, { moves: 1 }]);
  });

  it('records nothing for a batch that failed before its lock once the process lost the consumer', async () => {
    const { loop, state } = logWithPoison(1000);
    loop.start();
    await jest.advanceTimersByTimeAsync(10);
    Object.assign(state, { early: true, loseLock: true }); // another process holds the consumer (and its row) now
    loop.wake();
    await jest.advanceTimersByTimeAsync(1);
    await loop.stop();
    expect(state.recorded).toEqual([]);
  });

  it('starts its backoff over when its checkpoint is set by hand (a new run)', async () => {
    const { loop, state, moveTo } = logWithPoison(1, undefined, (retries) => 1000 * retries);
    loop.start();
    await jest.advanceTimersByTimeAsync(6500); // fails at 0, 1000, 3000, 6000: the next wait is 4 s
    expect(state.times).toEqual([0, 1000, 3000, 6000]);
    moveTo(0); // stepped back over it, still failing
    await jest.advanceTimersByTimeAsync(1600);
    await loop.stop();
    expect(state.times.slice(4)).toEqual([6500, 7500]); // at once, then 1 s later (not 5 s)
  });
});
