/** What an append's NOTIFY wakes: a consumer's loop, its `LoopWaits`. */
export interface Wakeable {
  wake(): void;
}

/**
 * `n` appends' NOTIFYs on jest's fake timers: each `gapMs` after the one before (the first `gapMs` from now), waking
 * `target`. Let the target see each wake and the callbacks each gap runs: `advanceTimersByTimeAsync`.
 */
export async function wakes(target: Wakeable, gapMs: number, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await jest.advanceTimersByTimeAsync(gapMs);
    target.wake();
  }
}
