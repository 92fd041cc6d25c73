import type { Logger } from '@nestjs/common';
import { databaseOutageOf } from '@app/platform';

/**
 * How a warm-up step (the board's load, the reference data's read) says it failed: the database's outage code and
 * the server's message (no address, no credentials), or `error` and, first, its stack (a fault of its own).
 */
export function warnWarmUpFailed(log: Logger, what: string, e: unknown, then: string): void {
  const message = e instanceof Error ? e.message : String(e);
  const outage = databaseOutageOf(e);
  if (outage === undefined && e instanceof Error && e.stack) log.warn(e.stack);
  log.warn(`${what} failed (${outage ?? 'error'}: ${message}); ${then}`);
}
