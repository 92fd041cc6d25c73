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
   * statement before answering 503 (a frozen or unreachable database). Migrations, consumers, rebuilds and the
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
