let begun = false;

/**
 * True once this process was asked to stop (SIGTERM/SIGINT, see runServiceProcess): background work (a mail round)
 * starts nothing new, it finishes the step it is in.
 */
export function shutdownBegun(): boolean {
  return begun;
}

/** Marks the stop as begun (runServiceProcess on a signal; tests). */
export function beginShutdown(): void {
  begun = true;
}
