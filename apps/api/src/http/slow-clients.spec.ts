import * as http from 'node:http';
import * as net from 'node:net';
import { isEvidenceUpload } from '../evidence/evidence-body';
import { answerClientErrorsWithProblems } from './client-error';
import { RouteMethods } from './method-not-allowed';
import { boundSlowClients } from './slow-clients';

describe('the evidence upload, told from the raw request target as the API routes it', () => {
  it.each([
    ['/api/v1/evidence', true],
    ['/API/V1/Evidence/', true],
    ['/api/v1/evidence?note=1', true],
    ['http://example.org/api/v1/evidence', true],
    ['/api/v1/evidence#part', true],
    ['/api/v1/evidence/abc', false],
    ['/api/v1/evidences', false],
    ['/api/v1/milestones?x=/api/v1/evidence', false],
  ])('POST %s → %s', (url, upload) => {
    expect(isEvidenceUpload({ method: 'POST', url })).toBe(upload);
  });
  it('only a POST', () => expect(isEvidenceUpload({ method: 'GET', url: '/api/v1/evidence' })).toBe(false));
  it('decided once per request: a later look (after req.url was rewritten) reads the first answer', () => {
    const req = { method: 'POST', url: '/api/v1/evidence' };
    expect(isEvidenceUpload(req)).toBe(true);
    req.url = '/';
    expect(isEvidenceUpload(req)).toBe(true);
  });
});

describe('a request cut for its slowness: one warning line, its reason and peer, never its body', () => {
  const BOUND_MS = 300;
  let srv: http.Server;
  let port: number;
  let lines: string[];

  beforeEach(async () => {
    lines = [];
    // The route reads the body as it comes (as the JSON parser and the evidence upload do).
    srv = http.createServer((req) => req.resume());
    answerClientErrorsWithProblems(srv, new RouteMethods(() => ({})), (l) => lines.push(l));
    boundSlowClients(
      srv,
      // Each bound apart from the others, so that each case meets its own first.
      {
        headersMs: BOUND_MS,
        idleMs: 2 * BOUND_MS,
        requestMs: 4 * BOUND_MS,
        uploadMs: 4 * BOUND_MS,
        keepAliveMs: 5000,
      },
      () => false,
      (l) => lines.push(l),
    );
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    port = (srv.address() as net.AddressInfo).port;
  });
  afterEach(async () => {
    srv.closeAllConnections();
    await new Promise((r) => srv.close(r));
  });

  /** Sends the bytes, keeps the connection open without another byte; the answer once the server closes it. */
  async function stall(
    bytes: string,
    idleHeartbeatMs?: number,
  ): Promise<{ answer: string; localPort: number }> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const localPort = socket.localPort!;
    socket.write(bytes);
    // A byte of the body now and then: the request moves, so only its whole bound cuts it.
    const beat = idleHeartbeatMs ? setInterval(() => socket.write('x'), idleHeartbeatMs) : undefined;
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    await new Promise((r) => socket.once('close', r));
    clearInterval(beat);
    return { answer, localPort };
  }

  const BODY =
    'POST /report?token=secret-query HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"narrative":"secret-body"';

  it.each([
    ['headers', 'POST /report HTTP/1.1\r\nHost: x\r\n', undefined, ''],
    ['body', BODY, BOUND_MS / 5, ': POST /report'],
    ['idle', BODY, undefined, ': POST /report'],
    // An absolute-form target: its scheme, credentials and host are not logged either.
    ['idle', BODY.replace('/report', 'http://user:secret-pass@x/report'), undefined, ': POST /report'],
  ])('reason %s', async (reason, bytes, heartbeat, what) => {
    const { answer, localPort } = await stall(bytes, heartbeat);
    expect(answer).toMatch(new RegExp(`^HTTP/1.1 408 Request Timeout[\\s\\S]*"reason":"${reason}"`));
    expect(lines).toEqual([`request cut (too slow: ${reason})${what} from 127.0.0.1:${localPort}`]);
  });
});

describe('a streamed answer whose next part is slow to come (the service at work, the client reading)', () => {
  it('is not cut at the idle bound: the client gets every part', async () => {
    const srv = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('first part;');
      setTimeout(() => res.end('second part'), 700); // longer than the idle bound below
    });
    boundSlowClients(
      srv,
      { headersMs: 1000, requestMs: 1000, uploadMs: 1000, idleMs: 200, keepAliveMs: 200 },
      () => false,
      () => undefined,
    );
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const { port } = srv.address() as net.AddressInfo;
      const answer = await fetch(`http://127.0.0.1:${port}/export`);
      expect(await answer.text()).toBe('first part;second part');
    } finally {
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
    }
  });
});
