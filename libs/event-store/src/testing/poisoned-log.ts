import type { Logger } from '@nestjs/common';
import { loadConfig } from '@app/platform';
import type { BatchRunner } from '../consumers/batch-runner';
import { BatchFailedError, type BatchFailure } from '../consumers/consumer-failures';
import { ConsumerLoop } from '../consumers/consumer-loop';
import type { EventConsumer } from '../consumers/event-consumer';

const consumer = { name: 'failing-test', handle: async () => undefined } as EventConsumer;
const log = { log: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;
const config = loadConfig({ CONSUMER_LINGER_MS: '0', CONSUMER_POLL_MS: '1000' });

/**
 * For the loop's unit tests (fake timers): a loop already holding its lock on a log of 100 events (ids `e<position>`) read by a runner with batches of 100, whose batches fail while they hold
 * the event `poison` (with `error()`), as `ConsumerRunner.nextBatch` does (`early`: before they lock the checkpoint;
 * `loseLock`: the loop's lock lost meanwhile):
 * the limits asked for, the failures recorded and the clears are kept. `backoff`: the wait after a failure (or, given
 * a function, after `retries` in a row).
 */
export function logWithPoison(
  poison: number,
  error: () => unknown = () => new Error('bad payload'),
  backoff: number | ((retries: number) => number) = 10,
) {
  let checkpoint = 0;
  let moves = 0;
  const state = {
    ...{ broken: true, early: false, loseLock: false, limits: [] as number[], times: [] as number[] },
    ...{ recorded: [] as BatchFailure[], cleared: 0 },
  };
  const runner: BatchRunner = {
    nextBatch: async (_, limit) => {
      state.limits.push(limit);
      state.times.push(Date.now());
      const last = Math.min(100, checkpoint + limit);
      const count = last - checkpoint;
      if (state.broken && state.early) {
        if (state.loseLock) loop.active = false; // the lock's connection dropped while the batch waited
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
      return { count, passed: count, position: last, moves, atHead: last >= 100 };
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
