/**
 * Another callback of the process (a timer, an HTTP request), run whenever the event loop turns while `work` runs:
 * counts those turns (`onTick` sees each, after counting it) and stops when `work` settles. The first tick is queued
 * before `work` starts.
 */
export async function ticksDuring<T>(
  work: () => Promise<T>,
  onTick: () => void = () => undefined,
): Promise<{ result: T; ticks: number }> {
  let ticks = 0;
  let ticking = true;
  const tick = () => {
    ticks++;
    onTick();
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    const result = await work();
    return { result, ticks };
  } finally {
    ticking = false;
  }
}
