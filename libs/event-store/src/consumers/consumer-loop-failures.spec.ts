import type { Logger } from '@nestjs/common';
import { loadConfig } from '@app/platform';
import { BatchFailedError, type BatchFailure } from './consumer-failures';
import type { BatchRunner } from './batch-runner';
import { ConsumerLoop } from './consumer-loop';
import type { EventConsumer } from './event-consumer';

const consumer = { name: 'failing-test', handle: async () => undefined } as EventConsumer;
const log = { log: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;
const config = loadConfig({ CONSUMER_LINGER_MS: '0', CONSUMER_POLL_MS: '1000' });
const outage = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/**
 * A log of 100 events (ids `e<position>`) read by a runner with batches of 100, whose batches fail while they hold
 * the event `poison` (with `error()`), as `ConsumerRunner.nextBatch` does (`early`: before they lock the checkpoint):
 * the limits asked for, the failures recorded and the clears are kept. `backoff`: the wait after a failure (or, given
 * a function, after `retries` in a row).
 */
function logWithPoison(
  poison: number,
  error: () => unknown = () => new Error('bad payload'),
  backoff: number | ((retries: number) => number) = 10,
) {
  let checkpoint = 0;
  let moves = 0;
  const state = {
    ...{ broken: true, early: false, limits: [] as number[], times: [] as number[] },
    ...{ recorded: [] as BatchFailure[], cleared: 0 },
  };
  const runner: BatchRunner = {
    nextBatch: async (_, limit) => {
      state.limits.push(limit);
      state.times.push(Date.now());
      const last = Math.min(100, checkpoint + limit);
      const count = last - checkpoint;
      if (state.broken && state.early) {
        throw new BatchFailedError(error(), {
          checkpoint: undefined,
          count: 0,
          first: undefined,
          last: undefined,
        });
      }
      if (state.broken && checkpoint < poison && poison <= last) {
        const first = { position: checkpoint + 1, eventId: `e${checkpoint + 1}` };
        throw new BatchFailedError(error(), {
          checkpoint: { position: checkpoint, moves },
          count,
          first,
          last,
        });
      }
      checkpoint = last;
      return { count, passed: count, position: last, moves };
    },
    batchLimit: () => 100,
    recordFailure: async (_, failure) => void state.recorded.push(failure),
    clearFailure: async () => void state.cleared++,
    checkpointState: async () => ({ position: checkpoint, moves, narrowing: undefined }),
  };
  const wait = typeof backoff === 'number' ? () => backoff : backoff;
  const loop = new ConsumerLoop(consumer, runner, 'postgres://unused', config, log, wait);
  loop.active = true;
  /** `moveTo`: the checkpoint set by hand (a skip, a reset, a rebuild), as the runner would see it. */
  const moveTo = (position: number) => {
    checkpoint = position;
    moves++;
    loop.checkpointMoved();
  };
  return { loop, state, checkpoint: () => checkpoint, moveTo };
}

describe('ConsumerLoop: a batch that fails', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('halves the batch until a batch of one names the event, then goes back to its limit once it passes', async () => {
    const { loop, state, checkpoint } = logWithPoison(37);
    loop.start();
    await jest.advanceTimersByTimeAsync(200);
    // Halved from the failed batch's size; a success short of the failed batch's end keeps the smaller limit.
    expect(state.limits.slice(0, 12)).toEqual([100, 50, 25, 25, 12, 6, 6, 3, 3, 1, 1, 1]);
    expect(checkpoint()).toBe(36);
    expect(state.recorded.length).toBeGreaterThanOrEqual(8);
    expect(state.recorded.slice(0, 6).map((f) => f.event)).toEqual(Array(6).fill(undefined));
    expect(state.recorded.at(-1)).toEqual({
      error: new Error('bad payload'),
      event: { position: 37, eventId: 'e37' },
      checkpoint: { position: 36, moves: 0 },
      narrowing: { limit: 1, until: 37 },
    });
    expect(state.cleared).toBe(0);

    state.broken = false; // fixed (or stepped over)
    const tries = state.limits.length;
    await jest.advanceTimersByTimeAsync(50);
    await loop.stop();
    expect(state.limits.slice(tries)).toEqual([1, 100]);
    expect(checkpoint()).toBe(100);
    expect(state.cleared).toBe(1);
  });

  it.each([
    ['a data exception', '22P02', true],
    ['an integrity constraint', '23505', true],
    ['a missing table', '42P01', false],
    ['missing rights', '42501', false],
    ['an error at commit', '40001', false],
  ])('%s (%s): an event is pinned down: %s', async (_, code, pins) => {
    const error = () => Object.assign(new Error(`failed with ${code}`), { code });
    const { loop, state, checkpoint } = logWithPoison(37, error);
    loop.start();
    await jest.advanceTimersByTimeAsync(200);
    await loop.stop();
    expect(state.recorded.length).toBeGreaterThanOrEqual(5);
    if (pins) {
      expect(state.recorded.at(-1)?.event).toEqual({ position: 37, eventId: 'e37' });
      expect(checkpoint()).toBe(36);
    } else {
      // It fails whatever the batch holds: no narrowing, no event named (none would be the culprit).
      expect(new Set(state.limits)).toEqual(new Set([100]));
      expect(state.recorded.every((f) => f.event === undefined && f.checkpoint?.position === 0)).toBe(true);
      expect(checkpoint()).toBe(0);
    }
  });

  it('keeps its batch size on an outage, records nothing, and clears nothing after', async () => {
    const { loop, state, checkpoint } = logWithPoison(37, outage);
    loop.start();
    await jest.advanceTimersByTimeAsync(100);
    expect(state.limits.length).toBeGreaterThanOrEqual(3);
    expect(new Set(state.limits)).toEqual(new Set([100]));
    state.broken = false;
    await jest.advanceTimersByTimeAsync(50);
    await loop.stop();
    expect(checkpoint()).toBe(100);
    expect(state.recorded).toEqual([]);
    expect(state.cleared).toBe(0);
  });

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

  it('records what narrowing has learned with each failure, for a loop taking the consumer over', async () => {
    const { loop, state } = logWithPoison(37);
    loop.start();
    await jest.advanceTimersByTimeAsync(200);
    await loop.stop();
    // Failed 1-100, 1-50, 26-50, 26-37, 32-37, 35-37, 37: the limit of the next batch, the failed batch's end.
    expect(state.recorded.slice(0, 7).map((f) => f.narrowing)).toEqual([
      { limit: 50, until: 100 },
      { limit: 25, until: 50 },
      { limit: 12, until: 50 },
      { limit: 6, until: 37 },
      { limit: 3, until: 37 },
      { limit: 1, until: 37 },
      { limit: 1, until: 37 },
    ]);
  });

  it('records a batch that failed before its lock where it last saw the checkpoint (after a move: as re-read)', async () => {
    const { loop, state, moveTo } = logWithPoison(1000);
    loop.start();
    await jest.advanceTimersByTimeAsync(10); // 1-100, then at the head
    state.early = true; // the batch fails before it locks the checkpoint (a lock timeout behind a long rebuild)
    loop.wake();
    await jest.advanceTimersByTimeAsync(1);
    expect(state.recorded.map((f) => f.checkpoint)).toEqual([{ position: 100, moves: 0 }]);
    moveTo(0); // reset: the next batch's failure is recorded only on the row as the reset left it
    await jest.advanceTimersByTimeAsync(1);
    await loop.stop();
    expect(state.recorded.map((f) => f.checkpoint)).toEqual([
      { position: 100, moves: 0 },
      { position: 0, moves: 1 },
    ]);
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

  it.each([
    [
      'waits its whole backoff after a failure, however many appends wake it',
      () => new Error('bad payload'),
      1,
    ],
    ['retries at once when woken after an outage (the listener is back)', outage, 11],
  ])('%s', async (_, error, tries) => {
    const { loop, state } = logWithPoison(1, error, 1000);
    loop.start();
    for (let t = 0; t < 10; t++) {
      await jest.advanceTimersByTimeAsync(10);
      loop.wake();
    }
    await jest.advanceTimersByTimeAsync(1);
    await loop.stop();
    expect(state.limits).toHaveLength(tries);
  });
});
