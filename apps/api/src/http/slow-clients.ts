import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { HttpTimeouts } from '@app/platform';
import { cutLine, PROBLEM_JSON, problemBody, requestTimeout, type TimeoutReason } from './client-error';

/** Where a warning goes (one line); the service's is Nest's Logger('HTTP'). */
export type Warn = (line: string) => void;

const CUT = Symbol('cutAsSlow');

/**
 * The method and path of a request, for a log line: no query or fragment, and of an absolute-form target
 * (`http://user:pass@host/…`) no scheme, credentials or host.
 */
function requestLine(req: IncomingMessage): string {
  const path = (req.url ?? '').split(/[?#]/)[0]!.replace(/^[a-z][a-z\d+.-]*:\/\/[^/]*/i, '');
  return `${req.method ?? '?'} ${path || '/'}`;
}

/** The request was cut here for its slowness, and logged so: the exception filter does not log it again. */
export function wasCutAsSlow(req: object): boolean {
  return (req as { [CUT]?: true })[CUT] === true;
}

/**
 * A 408 problem+json for a request whose body is still arriving, and the connection closed once it is sent (the
 * request's reader, e.g. an evidence upload, then fails: nothing of it is kept). An answer already begun cannot
 * take another: the connection is cut instead.
 */
function timedOut(req: IncomingMessage, res: ServerResponse, reason: TimeoutReason, warn: Warn): void {
  (req as { [CUT]?: true })[CUT] = true;
  warn(cutLine(reason, req.socket, requestLine(req)));
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  // The request's stream is done with once the connection is (Node no longer counts it as its connection's).
  req.socket.once('close', () => req.destroy());
  const body = problemBody(requestTimeout(reason));
  res.shouldKeepAlive = false;
  res.writeHead(408, {
    'Content-Type': PROBLEM_JSON,
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  });
  res.end(body);
}

/**
 * Bounds what a slow or stalled client may hold (call before `listen`). Headers: HTTP_HEADERS_TIMEOUT_MS (Node's
 * own timer; its clientError is answered by answerClientErrorsWithProblems). Bodies: HTTP_REQUEST_TIMEOUT_MS from
 * the headers, an evidence upload's EVIDENCE_UPLOAD_TIMEOUT_MS (Node's request timer is one for all routes, so it
 * is off and this one, per request, takes its place). Nothing moving for HTTP_IDLE_TIMEOUT_MS while a body is owed:
 * 408; while an answer is unread: the connection is cut. Idle keep-alive: HTTP_KEEP_ALIVE_TIMEOUT_MS.
 */
export function boundSlowClients(
  server: Server,
  t: HttpTimeouts,
  isLongUpload: (req: IncomingMessage) => boolean,
  warn: Warn,
): void {
  server.headersTimeout = t.headersMs;
  server.requestTimeout = 0;
  server.keepAliveTimeout = t.keepAliveMs;
  server.timeout = t.idleMs;
  // Node checks the headers' deadline every this often (30 s by default: a 20 s bound would be up to 50 s).
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    1000,
    Math.max(10, Math.floor(t.headersMs / 10)),
  );
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.complete) {
      const limit = isLongUpload(req) ? t.uploadMs : t.requestMs;
      const timer = setTimeout(() => req.complete || timedOut(req, res, 'body', warn), limit);
      const clear = () => clearTimeout(timer);
      req.once('end', clear);
      req.once('close', clear);
    }
    // Emitted by Node when nothing moved on the connection for `server.timeout` while this answer is its own.
    // With a listener Node leaves the connection open: closed here unless the service is still at work on it
    // (its own bounds apply then; the timer starts again with the answer's first bytes).
    res.on('timeout', () => {
      if (!req.complete) timedOut(req, res, 'idle', warn);
      // Bytes of the answer still queued: the client stopped reading it. None queued: the service is pausing
      // between parts of a streamed answer (an export's next batch), not the client's doing.
      else if (res.headersSent && req.socket.writableLength > 0) {
        warn(cutLine('idle', req.socket, `the answer to ${requestLine(req)} unread`));
        req.socket.destroy();
      }
    });
  });
}
