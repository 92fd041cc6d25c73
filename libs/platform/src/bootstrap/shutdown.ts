/**
 * The one source for "this process began to stop" (SIGTERM/SIGINT, see runServiceProcess): background work (a mail
 * round) starts nothing new and finishes the step it is in; whatever waits on the stop listens to `shutdownSignal()`
 * (no polling). Once fired it stays fired for the process; only tests start afresh (`resetShutdownForTests`).
 */
let stop = new AbortController();

/** Fires once, when the stop begins. Read it when a wait starts (not once at load): tests may reset it. */
export function shutdownSignal(): AbortSignal {
  return stop.signal;
}

/** Marks the stop as begun, firing `shutdownSignal()` (runServiceProcess on a signal; tests). Idempotent. */
export function beginShutdown(): void {
  stop.abort(new Error('the service began to stop'));
}

/**
 * Tests only (several apps in one process): a new, unfired signal for what starts next. A waiter that already
 * holds the old signal keeps it.
 */
export function resetShutdownForTests(): void {
  stop = new AbortController();
}
