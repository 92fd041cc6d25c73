/** A signal for one send that fires `ms` after `stop` fired (the process began to stop). */
export interface StopCutOff {
  readonly signal: AbortSignal;
  /** Removes its listener on `stop` and its timer: call it when the send is over. */
  dispose(): void;
}

/**
 * While the service runs, a send slow at every step but making progress goes on (each step has its own timeout);
 * once `stop` fires, the send under way gets `ms` more (what the stop deadline counts per send), then is cut off.
 */
export function cutOffOnStop(stop: AbortSignal, ms: number): StopCutOff {
  const cut = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const stopped = (): void => {
    timer = setTimeout(() => cut.abort(), ms);
    timer.unref();
  };
  if (stop.aborted) stopped();
  else stop.addEventListener('abort', stopped, { once: true });
  return {
    signal: cut.signal,
    dispose: () => {
      stop.removeEventListener('abort', stopped);
      clearTimeout(timer);
    },
  };
}
