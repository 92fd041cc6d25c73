import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

type Problem = readonly [status: number, title: string, code: string, detail: string, detailZh: string];

const problemBody = ([status, title, code, detail, detailZh]: Problem): string =>
  JSON.stringify({
    type: `urn:progress-monitor:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status,
    code,
    detail,
    detailZh,
  });

/** A problem+json answer written straight to the socket (no Express behind it), then the connection closed. */
function endWithProblem(socket: Duplex, problem: Problem, extra = ''): void {
  const [status, title] = problem;
  const body = problemBody(problem);
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json; charset=utf-8\r\n${extra}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Requests Node's HTTP parser refuses before the application sees them (a request line or headers too large,
 * malformed syntax, a timeout) get a problem+json answer like every other error, not a bare status line.
 * So do an unsupported `Expect` (417) and a missing Host (400, via checkRequestTarget).
 * CONNECT (a proxy tunnel) never reaches the application either: Node hands it to a `connect` listener or, with
 * none, drops the connection without a word; it is answered 405 like any other method no route takes.
 */
export function answerClientErrorsWithProblems(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (err.code === 'ECONNRESET' && !socket.readable)) {
      socket.destroy();
      return;
    }
    endWithProblem(
      socket,
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            'Request Header Fields Too Large',
            'HEADERS_TOO_LARGE',
            'The request line or headers are too large',
            '请求行或请求头过大',
          ]
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', 'REQUEST_TIMEOUT', 'The request took too long to arrive', '请求超时']
          : [
              400,
              'Bad Request',
              'MALFORMED_REQUEST',
              'The request is not valid HTTP',
              '请求不是有效的 HTTP 请求',
            ],
    );
  });
  // An Expect other than 100-continue: Node answers a bare 417 unless someone listens.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const body = problemBody([
      417,
      'Expectation Failed',
      'EXPECTATION_FAILED',
      `Expect: ${String(req.headers.expect).slice(0, 100)} is not supported; only 100-continue is`,
      '不支持该 Expect 请求头，仅支持 100-continue',
    ]);
    res.shouldKeepAlive = false;
    res.writeHead(417, {
      'Content-Type': 'application/problem+json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  });
  // Node's own answer to an HTTP/1.1 request without Host is a bare 400: checkRequestTarget refuses it instead.
  (server as Server & { requireHostHeader: boolean }).requireHostHeader = false;
  server.on('connect', (_req: unknown, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    endWithProblem(
      socket,
      [
        405,
        'Method Not Allowed',
        'METHOD_NOT_ALLOWED',
        'CONNECT is not allowed: this service is not a proxy',
        '不支持的方法：本服务不是代理服务器',
      ],
      'Allow: DELETE, GET, HEAD, OPTIONS, POST, PUT\r\n',
    );
  });
}
