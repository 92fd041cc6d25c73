/** An upload that hears nothing for this long (no byte sent, no answer coming) is given up: shown as failed. */
export const UPLOAD_STALL_MS = 30_000;

/**
 * A watch on something that should keep moving: `onStall` runs once when `poke` was not called for `ms` (from
 * the start); `stop` ends the watch (done, failed or cancelled).
 */
export function stallWatch(ms: number, onStall: () => void): { poke(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const arm = (): void => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => ((stopped = true), onStall()), ms);
  };
  arm();
  return {
    poke: arm,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
