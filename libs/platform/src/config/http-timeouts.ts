import type { EnvReader } from './env-reader';

/**
 * How long the HTTP server waits for a client (read with the configuration; a bad value exits 78). A client too
 * slow gets 408 problem+json (`code: REQUEST_TIMEOUT`, `reason`) and the connection is closed; nothing of its
 * request is recorded.
 */
export interface HttpTimeouts {
  /** HTTP_HEADERS_TIMEOUT_MS (default 20 s): the request line and headers, from the request's first byte. */
  readonly headersMs: number;
  /** HTTP_REQUEST_TIMEOUT_MS (default 60 s): the body of any request but an evidence upload, from its headers. */
  readonly requestMs: number;
  /**
   * EVIDENCE_UPLOAD_TIMEOUT_MS (default 15 min): an evidence upload's body (at most EVIDENCE_MAX_BYTES, 20 MiB by
   * default), from its headers: 20 MiB over an uplink of 190 kbit/s (a poor mobile or ADSL line) takes 14 min.
   */
  readonly uploadMs: number;
  /**
   * HTTP_IDLE_TIMEOUT_MS (default 30 s): while the client owes bytes (the rest of its request) or has stopped
   * reading its answer, the longest nothing may move on the connection. The service's own work on a request is
   * not bounded by it (DATABASE_QUERY_TIMEOUT_MS does that).
   */
  readonly idleMs: number;
  /** HTTP_KEEP_ALIVE_TIMEOUT_MS (default 5 s): how long a connection waits, idle, for its next request. */
  readonly keepAliveMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 20_000,
  requestMs: 60_000,
  uploadMs: 15 * 60_000,
  idleMs: 30_000,
  keepAliveMs: 5_000,
};

const HOUR = 3_600_000;

export function readHttpTimeouts(r: EnvReader): HttpTimeouts {
  const d = DEFAULT_HTTP_TIMEOUTS;
  return {
    headersMs: r.int('HTTP_HEADERS_TIMEOUT_MS', d.headersMs, 100, 600_000),
    requestMs: r.int('HTTP_REQUEST_TIMEOUT_MS', d.requestMs, 100, HOUR),
    uploadMs: r.int('EVIDENCE_UPLOAD_TIMEOUT_MS', d.uploadMs, 100, 24 * HOUR),
    idleMs: r.int('HTTP_IDLE_TIMEOUT_MS', d.idleMs, 100, HOUR),
    keepAliveMs: r.int('HTTP_KEEP_ALIVE_TIMEOUT_MS', d.keepAliveMs, 100, 600_000),
  };
}
