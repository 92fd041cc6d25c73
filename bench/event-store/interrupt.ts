/**
 * What a bench started (its child processes, its embedded PostgreSQL) is stopped when the bench is interrupted:
 * SIGINT (Ctrl-C, `kill -INT`), SIGTERM, or an uncaught error. Without this, Node ends at once on a signal: no
 * `finally` runs, and the API, the worker and PostgreSQL, signalled by nobody (`kill <pid>`, a supervisor), go on
 * running. Each start registers its stop (`stopOnInterrupt`) and forgets it once stopped; on an interruption the
 * stops run once, the last registered first (the services before the database they use), each given 30 s, then the
 * bench exits (130 SIGINT, 143 SIGTERM, 1 an error). A signal while stopping (a second one, or one during an error's
 * stop) ends it at once, with that signal's code. A bench runs its `main` through `runBench`: a failure of its own
 * takes the same path.
 */
const stops = new Set<() => Promise<void>>();
const STOP_BOUND_MS = 30_000;
let installed = false;
let stopping = false;

/** Registers `stop` to run if the bench is interrupted; returns the call that forgets it (once it has stopped). */
export function stopOnInterrupt(stop: () => Promise<void>): () => void {
  install();
  stops.add(stop);
  return () => void stops.delete(stop);
}

/** The bench is stopping after an interruption (errors from then on are the stop's, not the bench's). */
export const interrupted = (): boolean => stopping;

/** Stops everything registered, then exits with `code` (an error's path: `runBench`). */
export async function stopAllAndExit(code: number, why?: string): Promise<void> {
  if (stopping) return; // the first call exits, once its stops are done
  stopping = true;
  const pending = [...stops].reverse();
  stops.clear();
  if (pending.length > 0) process.stderr.write(`bench: ${why ?? 'failed'}: stopping what it started\n`);
  for (const stop of pending) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      stop().catch((e: unknown) => process.stderr.write(`bench: a stop failed: ${String(e)}\n`)),
      new Promise((r) => (timer = setTimeout(r, STOP_BOUND_MS))),
    ]);
    clearTimeout(timer);
  }
  process.exit(code);
}

/** Runs a bench's `main`: a failure (its setup's included, before its own cleanup) stops what was started, exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    if (stopping) return; // (its requests cut off by the stop)
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    void stopAllAndExit(1);
  });
}

function install(): void {
  if (installed) return;
  installed = true;
  const onSignal = (code: number, why: string) => (): void => {
    if (stopping) process.exit(code); // already stopping: at once
    void stopAllAndExit(code, why);
  };
  process.on('SIGINT', onSignal(130, 'interrupted (SIGINT)'));
  process.on('SIGTERM', onSignal(143, 'terminated (SIGTERM)'));
  const failed = (e: unknown): void => {
    // While stopping, errors are expected (the bench's own connections cut off by the database's stop): noted only.
    if (stopping) {
      process.stderr.write(`bench: while stopping: ${e instanceof Error ? e.message : String(e)}\n`);
      return;
    }
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    void stopAllAndExit(1, 'an uncaught error');
  };
  process.on('uncaughtException', failed);
  process.on('unhandledRejection', failed);
}
