import { logWithPoison } from '../testing/poisoned-log';
import { wakes } from '../testing/wakes';

const outage = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

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
    await wakes(loop, 10, 10);
    await jest.advanceTimersByTimeAsync(1);
    await loop.stop();
    expect(state.limits).toHaveLength(tries);
  });
});
