import { Client } from 'pg';
import { cancelOnServer } from './cancel-request';
import { currentBoundMs, queryCancelOfScope } from './query-scope';

export {
  boundStatementsByDefault,
  defaultQueryTimeout,
  outsideQueryTimeout,
  queryCancelOfScope,
  queryTimeoutOfScope,
  startUnbounded,
  withQueryTimeout,
} from './query-scope';

const READ_TIMEOUT = 'Query read timeout';
const CANCELLED = 'Query cancelled';

/** The error of work (a statement, or the work between them) cut off by its scope's cancel. */
export function cancelledError(): Error {
  return new Error(CANCELLED);
}

/**
 * The error of a statement, or a wait, that outlived its bound (query-scope.ts: a request's, by default, or a
 * background scope's): an outage (`timeout`, 503). The statement's connection is closed, never reused, and the server
 * is asked to cancel it (see cancel-request.ts): its transaction ends unfinished on the server, unless the COMMIT
 * itself was the statement waiting (then it may still commit; an Idempotency-Key retry answers that).
 */
export function queryTimeoutError(): Error {
  return new Error(READ_TIMEOUT);
}

type Callback = (err: Error | null, res?: unknown) => void;

/**
 * The pool's client: node-postgres' own, with the statement's bound as `query_timeout` (the requests' default, or its
 * background scope's: query-scope.ts) and the scope's cancel; a cut-off connection, or one the server ended (a FATAL
 * error), is dropped.
 */
export class TimedClient extends Client {
  private dropped = false;

  override query(...args: unknown[]): never {
    const ms = currentBoundMs();
    const cancel = queryCancelOfScope();
    const [config] = args;
    const submittable = typeof (config as { submit?: unknown } | null)?.submit === 'function';
    if (config === null || config === undefined || submittable) {
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const rest = args.slice(1);
    const cbAt = rest.findIndex((a) => typeof a === 'function');
    if (cancel?.aborted) {
      // Not sent: the work was stopped before this statement. The connection is dropped too: a scope's ROLLBACK is
      // refused as well, and the pool must not get back a connection left inside the scope's transaction.
      this.drop();
      const error = cancelledError();
      if (cbAt < 0) return Promise.reject(error) as never;
      process.nextTick(() => (rest[cbAt] as Callback)(error));
      return undefined as never;
    }
    const onCancel = (): void => this.drop();
    cancel?.addEventListener('abort', onCancel, { once: true });
    /** The statement's outcome: its connection dropped if it timed out, a cut-off told as such. */
    const settled = (err: unknown): unknown => {
      cancel?.removeEventListener('abort', onCancel);
      if (err instanceof Error && err.message === READ_TIMEOUT) this.drop();
      // The server ended this session (a restart, pg_terminate_backend, a failover): it closes the socket next, but
      // until Node reads that end the pool would hand the connection to the next caller, whose statement would fail
      // ("Connection terminated unexpectedly"). Not queryable from now on: the pool discards it when released.
      if ((err as { severity?: unknown } | null)?.severity === 'FATAL') {
        (this as unknown as { _queryable: boolean })._queryable = false;
      }
      return err && cancel?.aborted ? cancelledError() : err;
    };
    const timed = !ms
      ? config
      : typeof config === 'string'
        ? { text: config, query_timeout: ms }
        : { query_timeout: ms, ...config };
    if (cbAt >= 0) {
      const cb = rest[cbAt] as Callback;
      rest[cbAt] = (err: Error | null, res?: unknown) => cb(settled(err) as Error | null, res);
    }
    let result: unknown;
    try {
      result = (super.query as (...a: unknown[]) => unknown)(timed, ...rest);
    } catch (e) {
      settled(e); // (its abort listener removed: it would drop whoever holds this client by then)
      throw e;
    }
    if (result instanceof Promise) {
      return result.then(
        (res: unknown) => {
          settled(null);
          return res;
        },
        (err: unknown) => {
          throw settled(err);
        },
      ) as never;
    }
    return result as never;
  }

  /**
   * A statement that timed out (still waiting for the server's answer) or was cancelled: its next statements would
   * queue behind it, or join its transaction.
   */
  private drop(): void {
    if (this.dropped) return;
    this.dropped = true;
    // Not queryable from now on: the pool discards it when it is released (TypeORM releases it at once, before
    // the socket's close is seen), and the request's own next statements (a ROLLBACK) fail at once.
    const self = this as unknown as TimedClient & {
      _queryable: boolean;
      connection: { stream: { destroy(): void } };
      processID: number | null;
      secretKey: number | null;
    };
    self._queryable = false;
    self.connection.stream.destroy();
    // The server would go on running the statement (a closed socket is seen only when it next reads or writes):
    // an UPDATE waiting on a row lock would wait on, holding its connection slot, and then run. Cancelled, it
    // fails; its transaction, if any, is aborted (it can never commit: an aborted transaction only rolls back),
    // and the backend, back to reading, finds the socket closed and ends. Cancel rather than
    // pg_terminate_backend: no login, no connection slot, and its key names this backend alone (a pid may be
    // reused); terminating adds nothing here, the closed socket ends the backend. Left to the server: a
    // statement it had not even read yet when the cancel came (a server stalled for the whole bound) still runs.
    void cancelOnServer(self);
  }
}
