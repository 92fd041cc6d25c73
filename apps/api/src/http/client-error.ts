import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { RouteMethods } from './method-not-allowed';

/** An error answered outside Fastify (no filter behind it), as the filter would write it. */
export interface EdgeProblem {
  readonly status: number;
  readonly title: string;
  readonly code: string;
  readonly detail: string;
  readonly detailZh: string;
  readonly [extra: string]: unknown;
}

export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

export const problemBody = (p: EdgeProblem): string => {
  const { status, title, code, detail, detailZh, ...extra } = p;
  const type = `urn:progress-monitor:problem:${code.toLowerCase().replace(/_/g, '-')}`;
  return JSON.stringify({ type, title, status, code, detail, detailZh, ...extra });
};

/** Why a request timed out: its headers, its body (too long in all), or nothing arrived for too long. */
export type TimeoutReason = 'headers' | 'body' | 'idle';

const TIMEOUT_DETAIL: Record<TimeoutReason, [string, string]> = {
  headers: ['The request line and headers took too long to arrive', '请求头接收超时'],
  body: ['The request body took too long to arrive', '请求体接收超时'],
  idle: ['Nothing more of the request arrived for too long', '请求数据长时间未到达'],
};

export const requestTimeout = (reason: TimeoutReason): EdgeProblem => ({
  status: 408,
  title: 'Request Timeout',
  code: 'REQUEST_TIMEOUT',
  detail: `${TIMEOUT_DETAIL[reason][0]}; nothing of it was recorded`,
  detailZh: `${TIMEOUT_DETAIL[reason][1]}，请求未被处理`,
  reason,
});

/** The one line a cut logs: the reason, what was asked (path, no query), the peer; never the body. */
export function cutLine(
  reason: TimeoutReason,
  socket: { remoteAddress?: string; remotePort?: number },
  what = '',
): string {
  const peer = `${socket.remoteAddress ?? 'unknown'}:${socket.remotePort ?? '?'}`;
  return `request cut (too slow: ${reason})${what ? `: ${what}` : ''} from ${peer}`;
}

/** A problem+json answer written straight to the socket (no Fastify behind it), then the connection closed. */
function endWithProblem(socket: Duplex, problem: EdgeProblem, extra = ''): void {
  const body = problemBody(problem);
  socket.end(
    `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: ${PROBLEM_JSON}\r\n${extra}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

const simple = (status: number, title: string, code: string, detail: string, detailZh: string) =>
  ({ status, title, code, detail, detailZh }) as const;

function clientErrorProblem(err: NodeJS.ErrnoException): EdgeProblem {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return simple(
        431,
        'Request Header Fields Too Large',
        'HEADERS_TOO_LARGE',
        'The request line or headers are too large',
        '请求行或请求头过大',
      );
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return simple(
        413,
        'Payload Too Large',
        'BODY_TOO_LARGE',
        'The chunk extensions are too large',
        '请求体分块扩展过大',
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      // Node's own request timer is off (boundSlowClients bounds the bodies): this is HTTP_HEADERS_TIMEOUT_MS.
      return requestTimeout('headers');
    default:
      return simple(
        400,
        'Bad Request',
        'MALFORMED_REQUEST',
        'The request is not valid HTTP',
        '请求不是有效的 HTTP 请求',
      );
  }
}

/**
 * Requests Node's HTTP parser refuses before the application sees them (a request line or headers too large,
 * malformed syntax, headers too slow) get a problem+json answer like every other error, not a bare status line.
 * So do an unsupported `Expect` (417) and a missing Host (400, via checkRequestTarget).
 * CONNECT (a proxy tunnel) never reaches the application either: Node hands it to a `connect` listener or, with
 * none, drops the connection without a word; it is answered 405 like any other method no route takes, its
 * `Allow` every method some route answers.
 */
export function answerClientErrorsWithProblems(
  server: Server,
  methods: RouteMethods,
  warn: (line: string) => void,
): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // An answer already begun on this connection (pipelined requests) would be corrupted by another: cut it.
    const answering = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (!socket.writable || (err.code === 'ECONNRESET' && !socket.readable) || answering?.headersSent) {
      socket.destroy();
      return;
    }
    const problem = clientErrorProblem(err);
    if (problem.code === 'REQUEST_TIMEOUT') warn(cutLine('headers', socket as Duplex & Partial<Socket>));
    endWithProblem(socket, problem);
  });
  // An Expect other than 100-continue: Node answers a bare 417 unless someone listens.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const body = problemBody(
      simple(
        417,
        'Expectation Failed',
        'EXPECTATION_FAILED',
        `Expect: ${String(req.headers.expect).slice(0, 100)} is not supported; only 100-continue is`,
        '不支持该 Expect 请求头，仅支持 100-continue',
      ),
    );
    res.shouldKeepAlive = false;
    res.writeHead(417, { 'Content-Type': PROBLEM_JSON, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
  // Node's own answer to an HTTP/1.1 request without Host is a bare 400: checkRequestTarget refuses it instead.
  (server as Server & { requireHostHeader: boolean }).requireHostHeader = false;
  server.on('connect', (_req: unknown, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    endWithProblem(
      socket,
      simple(
        405,
        'Method Not Allowed',
        'METHOD_NOT_ALLOWED',
        'CONNECT is not allowed: this service is not a proxy',
        '不支持的方法：本服务不是代理服务器',
      ),
      `Allow: ${methods.all().join(', ')}\r\n`,
    );
  });
}
