import { wakes } from '../testing/wakes';
import { LoopWaits } from './loop-waits';

/** How long a linger of up to `ms`, started now, lasts when no append arrives meanwhile. */
async function lingerAlone(waits: LoopWaits, ms = 1000): Promise<number> {
  const start = performance.now();
  let end: number | undefined;
  void waits.linger(ms).then(() => (end = performance.now()));
  await jest.advanceTimersByTimeAsync(ms + 1);
  return end! - start;
}

describe('LoopWaits: when a linger takes the burst as over', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it.each([
    ['after three mean gaps between appends (one every 5 ms: 15 ms)', 5, 15],
    ['after 10 ms at least (appends every 2 ms), however close they come', 2, 10],
    [
      'after 25 ms at most (appends every 12 ms, a loaded API group-committing: 3 gaps would be 36 ms)',
      12,
      25,
    ],
  ])('%s', async (_, gapMs, quietMs) => {
    const waits = new LoopWaits();
    await wakes(waits, gapMs, 20);
    expect(await lingerAlone(waits)).toBe(quietMs);
  });

  it('leaves a pause between bursts out: after a 1 s pause, appends 3 ms apart end it 10 ms after the last', async () => {
    const waits = new LoopWaits();
    waits.wake();
    await wakes(waits, 1000, 1);
    await wakes(waits, 3, 4);
    expect(await lingerAlone(waits)).toBe(10);
  });

  it("keeps the last burst's quiet period through sparse appends (a burst 5 ms apart, then one a second later: 15 ms)", async () => {
    const waits = new LoopWaits();
    await wakes(waits, 5, 20);
    await wakes(waits, 1000, 1);
    expect(await lingerAlone(waits)).toBe(15);
  });

  it('takes wakes of the same moment (NOTIFYs read in one socket chunk) as one arrival: 15 ms for pairs 5 ms apart', async () => {
    const waits = new LoopWaits();
    await wakes({ wake: () => (waits.wake(), waits.wake()) }, 5, 20);
    expect(await lingerAlone(waits)).toBe(15);
  });

  it('takes no checkpoint set by hand for an append: 15 ms for appends 5 ms apart with a move 2 ms after each', async () => {
    const waits = new LoopWaits();
    for (let i = 0; i < 20; i++) {
      await jest.advanceTimersByTimeAsync(3);
      waits.checkpointMoved();
      await jest.advanceTimersByTimeAsync(2);
      waits.wake();
    }
    expect(await lingerAlone(waits)).toBe(15);
  });

  it("starts from the first gap after the listener's (re)connection (a move and a wake at once), not from 0", async () => {
    const waits = new LoopWaits();
    waits.checkpointMoved();
    waits.wake();
    await wakes(waits, 12, 3);
    expect(await lingerAlone(waits)).toBe(25);
  });

  it('measures the gaps on a monotonic clock: a wall clock stepped 20 ms forward before the last append leaves 15 ms', async () => {
    const waits = new LoopWaits();
    await wakes(waits, 5, 20);
    await jest.advanceTimersByTimeAsync(5);
    jest.setSystemTime(Date.now() + 20);
    waits.wake();
    expect(await lingerAlone(waits)).toBe(15);
  });

  it('after 10 ms before any gap was seen', async () => {
    const waits = new LoopWaits();
    waits.wake();
    expect(await lingerAlone(waits)).toBe(10);
  });
});

describe('LoopWaits: how long a wait lasts under a stream of appends, whatever the wall clock does', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('a linger: until its limit (40 ms), even with the wall clock stepped back a second meanwhile', async () => {
    const waits = new LoopWaits();
    await wakes(waits, 5, 20);
    const start = performance.now();
    let end: number | undefined;
    void waits.linger(40).then(() => (end = performance.now()));
    jest.setSystemTime(Date.now() - 1000);
    await wakes(waits, 5, 20); // 100 ms of appends
    expect(end! - start).toBe(40);
  });

  it("a failure's pause: its whole delay (100 ms), even with the wall clock stepped back a second meanwhile", async () => {
    const waits = new LoopWaits();
    let end: number | undefined;
    void waits.pause(100).then(() => (end = performance.now()));
    jest.setSystemTime(Date.now() - 1000);
    await wakes(waits, 5, 40); // 200 ms of appends
    expect(end).toBe(100);
  });
});
