import { withQueryTimeout } from '../database/query-scope';
import type { AppConfig } from './app-config';

/**
 * Runs `task` now and every `everyMs` (an unref'd timer: it keeps no process alive), only in the service's own
 * processes (`config.upkeep`: not in the CLI or the demo). Returns what stops it, for the application's shutdown.
 * The task reports its own failures: a rejection here is ignored.
 */
export function startUpkeep(config: AppConfig, everyMs: number, task: () => Promise<unknown>): () => void {
  if (!config.upkeep) return () => undefined;
  // Background work: unbounded in the API process too (query-scope.ts), and a scope only while it runs.
  const run = (): void => void withQueryTimeout(0, task).catch(() => undefined);
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
