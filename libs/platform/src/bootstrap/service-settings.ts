import { type Env, EnvReader } from '../config/env-reader';

/** How a service process stops and bounds its waits (read with the configuration; a bad value exits 78). */
export interface ServiceSettings {
  /**
   * SHUTDOWN_GRACE_MS (default 5000): on SIGTERM/SIGINT the API stops accepting, closes idle connections at once
   * and answers the requests in flight (with `Connection: close`) for up to this long; then it closes every
   * connection and stops.
   */
  readonly shutdownGraceMs: number;
  /**
   * DATABASE_QUERY_TIMEOUT_MS (default 10000, 0 = none): the longest an HTTP request waits for one database
   * statement, or for a group-committed write it joined, before answering 503 (a frozen or unreachable database). Migrations, consumers, rebuilds and the
   * CLI are not bounded by it.
   */
  readonly queryTimeoutMs: number;
}

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = { shutdownGraceMs: 5000, queryTimeoutMs: 10_000 };

export function loadServiceSettings(env: Env = process.env): ServiceSettings {
  const r = new EnvReader(env);
  return r.done({
    shutdownGraceMs: r.int('SHUTDOWN_GRACE_MS', DEFAULT_SERVICE_SETTINGS.shutdownGraceMs, 0, 120_000),
    queryTimeoutMs: r.int('DATABASE_QUERY_TIMEOUT_MS', DEFAULT_SERVICE_SETTINGS.queryTimeoutMs, 0, 600_000),
  });
}

/** After the grace, how long stopping the rest (consumers, pool, embedded PostgreSQL) may take before exit 1. */
const CLOSE_BUDGET_MS = 20_000;

/**
 * How long a stop may take before the process exits 1: the grace, the longest step of background work already
 * begun (a mail send: ALERT_SMTP_TIMEOUT_MS bounds it as a whole), and 20 s for the rest.
 */
export function stopDeadlineMs(settings: ServiceSettings, longestStepMs = 0): number {
  return settings.shutdownGraceMs + longestStepMs + CLOSE_BUDGET_MS;
}
