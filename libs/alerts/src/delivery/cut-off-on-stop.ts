/** A signal for one send that fires `ms` after the process began to stop (`stopping()` turned true). */
export interface StopCutOff {
  readonly signal: AbortSignal;
  dispose(): void;
}

/**
 * While the service runs, a send slow at every step but making progress goes on (each step has its own timeout);
 * once it stops, the send under way gets `ms` more (what the stop deadline counts per send), then is cut off.
 * `stopping` is polled every 50 ms.
 */
export function cutOffOnStop(stopping: () => boolean, ms: number): StopCutOff {
  const cut = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const poll = setInterval(() => {
    if (!stopping()) return;
    clearInterval(poll);
    timer = setTimeout(() => cut.abort(), ms);
    timer.unref();
  }, 50);
  poll.unref();
  return {
    signal: cut.signal,
    dispose: () => {
      clearInterval(poll);
      clearTimeout(timer);
    },
  };
}
