/** Why the database cannot serve right now: an outage to wait out (HTTP 503), not a bug (500). */
export const DATABASE_OUTAGES = [
  'unreachable',
  'timeout',
  'shutting_down',
  'disk_full',
  'out_of_memory',
  'too_many_connections',
  'insufficient_resources',
  'io_error',
  'read_only',
] as const;
export type DatabaseOutage = (typeof DATABASE_OUTAGES)[number];

/** Socket-level failures of a connection (Node's error codes). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** node-postgres / pg-pool messages of a lost or impossible connection (they carry no code). */
const CONNECTION_MESSAGES: readonly [RegExp, DatabaseOutage][] = [
  [
    /timeout exceeded when trying to connect|Connection terminated due to connection timeout|Query read timeout/i,
    'timeout',
  ],
  [
    /Connection terminated|Client has encountered a connection error|Client was closed|not queryable/i,
    'unreachable',
  ],
  // A statement (or a wait) cut off by its scope's cancel (query-timeout.ts `cancelledError`): the application's
  // stop cancels its background reads, and a request that shared one is answered 503, not 500.
  [/^Query cancelled$/, 'shutting_down'],
];

function bySqlState(code: string): DatabaseOutage | undefined {
  switch (code) {
    case '53100':
      return 'disk_full';
    case '53200':
      return 'out_of_memory';
    case '53300':
      return 'too_many_connections';
    case '57P01': // admin_shutdown
    case '57P02': // crash_shutdown
    case '57P03': // cannot_connect_now (starting up, shutting down, in recovery)
      return 'shutting_down';
    case '58030':
      return 'io_error';
    case '25006': // read_only_sql_transaction: a standby, or the primary demoted
      return 'read_only';
    default:
      if (code.startsWith('08')) return 'unreachable'; // connection exception
      if (code.startsWith('53')) return 'insufficient_resources';
      return undefined;
  }
}

/**
 * The outage behind an error, if it is one: connection failures (refused, reset, no socket file, pool timeouts, "Connection
 * terminated"), a statement unanswered within its bound (a request's, or its scope's: query-scope.ts; "Query read timeout"), SQLSTATE classes 08 and 53 (disk full, out of memory, too many connections), 57P01–57P03,
 * 58030 (I/O error), 25006 (read only), looked for through TypeORM's `QueryFailedError.driverError`, `cause`
 * chains and `AggregateError`s. Anything else (a real bug, a constraint) is not an outage.
 */
export function databaseOutageOf(error: unknown, depth = 0): DatabaseOutage | undefined {
  if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
  const e = error as {
    code?: unknown;
    syscall?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof e.code === 'string') {
    if (NETWORK_CODES.has(e.code)) return 'unreachable';
    // A Unix-domain socket whose server stopped (it removes the socket file): no such file to connect to.
    if (e.code === 'ENOENT' && e.syscall === 'connect') return 'unreachable';
    if (/^[0-9A-Z]{5}$/.test(e.code)) {
      const byState = bySqlState(e.code);
      if (byState) return byState;
    }
  }
  if (typeof e.message === 'string') {
    for (const [re, outage] of CONNECTION_MESSAGES) if (re.test(e.message)) return outage;
  }
  for (const inner of [e.driverError, e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])]) {
    const found = databaseOutageOf(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}
