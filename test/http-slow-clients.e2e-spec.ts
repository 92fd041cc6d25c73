import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { samplePdf } from '@app/evidence/testing';
import { ADMIN_TOKEN, startTestApp, type TestApp } from './support/test-app';
import { forever, rawConnection, trickle } from './support/raw-http';

/*
 * A slow or stalled client must not hold the service: headers, bodies and unread answers are bounded (here by
 * small values of the settings, production defaults 20 s / 60 s / 15 min / 30 s / 5 s), each refused request
 * gets a 408 problem+json with its reason, and a cut upload leaves nothing behind.
 */
const HEADERS_MS = 400;
const REQUEST_MS = 800;
const UPLOAD_MS = 2500;
const IDLE_MS = 1500;
const KEEP_ALIVE_MS = 300;

interface Problem {
  status: number;
  code: string;
  reason?: string;
}

describe('slow clients: bounded, answered with problem+json', () => {
  let t: TestApp;
  let port: number;
  let reporterAuth: string;

  beforeAll(async () => {
    t = await startTestApp({
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_MS),
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_MS),
      EVIDENCE_UPLOAD_TIMEOUT_MS: String(UPLOAD_MS),
      HTTP_IDLE_TIMEOUT_MS: String(IDLE_MS),
      HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_MS),
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    port = Number(new URL(t.baseUrl).port);
    const r = await t.request('POST', '/api/v1/tokens', { body: { role: 'supervisor', name: '督查室' } });
    reporterAuth = `Authorization: Bearer ${r.body.token as string}\r\n`;
  });
  afterAll(async () => t.close());

  const problemOf = (a: { head: string; body: string }): [string | undefined, boolean, Problem] => [
    a.head.split('\r\n')[0],
    /\r\nContent-Type: application\/problem\+json; charset=utf-8/i.test(a.head),
    JSON.parse(a.body || '{}') as Problem,
  ];
  const timeout408 = (reason: string) => [
    'HTTP/1.1 408 Request Timeout',
    true,
    expect.objectContaining({ status: 408, code: 'REQUEST_TIMEOUT', reason }),
  ];
  const uploadHead = (length: number | 'chunked') =>
    `POST /api/v1/evidence HTTP/1.1\r\nHost: x\r\n${reporterAuth}X-File-Name: ${encodeURIComponent('验收.pdf')}\r\n` +
    'Content-Type: application/octet-stream\r\n' +
    (length === 'chunked' ? 'Transfer-Encoding: chunked\r\n\r\n' : `Content-Length: ${length}\r\n\r\n`);

  it('headers that never end (slow loris): 408 reason headers, after HTTP_HEADERS_TIMEOUT_MS', async () => {
    const { socket, answer } = rawConnection(port);
    socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n');
    trickle(socket, forever('X-Slow: 1\r\n'), 50);
    const a = await answer;
    expect(problemOf(a)).toEqual(timeout408('headers'));
    expect(a.ms).toBeGreaterThanOrEqual(HEADERS_MS - 50);
    expect(a.ms).toBeLessThan(HEADERS_MS + 1500);
  });

  it('a chunked JSON body that never ends: 408 reason body after HTTP_REQUEST_TIMEOUT_MS; nothing recorded', async () => {
    const tokens = async () => ((await t.request('GET', '/api/v1/tokens')).body as unknown[]).length;
    const before = await tokens();
    const { socket, answer } = rawConnection(port);
    socket.write(
      `POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n` +
        'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    trickle(socket, ['1\r\n{\r\n', ...Array.from({ length: 400 }, () => '1\r\n \r\n')], 50);
    const a = await answer;
    expect(problemOf(a)).toEqual(timeout408('body'));
    expect(a.ms).toBeGreaterThanOrEqual(REQUEST_MS - 50);
    expect(a.ms).toBeLessThan(REQUEST_MS + 1500);
    expect(await tokens()).toBe(before);
  });

  const evidenceState = async () => {
    const root = path.join(t.config.dataDir, 'evidence');
    const files = fs.existsSync(root)
      ? fs
          .readdirSync(root, { recursive: true, encoding: 'utf8' })
          .filter((f) => fs.statSync(path.join(root, f)).isFile())
      : [];
    const db = new Client({ connectionString: t.db.url });
    await db.connect();
    try {
      const rows = await db.query<{ n: string }>('SELECT count(*) AS n FROM evidence_files');
      return { files: files.sort(), rows: Number(rows.rows[0]!.n) };
    } finally {
      await db.end();
    }
  };

  it('an evidence upload may take longer than other bodies; one trickling past EVIDENCE_UPLOAD_TIMEOUT_MS or stalled past HTTP_IDLE_TIMEOUT_MS is cut: 408, no file, no row', async () => {
    // Slow but honest: 6 pieces 250 ms apart (well past HTTP_REQUEST_TIMEOUT_MS, within the upload's bound).
    const pdf = samplePdf('慢速上传');
    const slow = rawConnection(port);
    slow.socket.write(uploadHead(pdf.length));
    const size = Math.ceil(pdf.length / 6);
    trickle(
      slow.socket,
      Array.from({ length: 6 }, (_, i) => pdf.subarray(i * size, (i + 1) * size)),
      250,
    );
    // Not closed by the client: the server's keep-alive bound (300 ms here) ends the connection after the answer.
    const ok = await slow.answer;
    expect(ok.head.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(JSON.parse(ok.body)).toMatchObject({ size: pdf.length, contentType: 'application/pdf' });
    const kept = await evidenceState();
    expect(kept.rows).toBe(1);

    // Trickling: a piece every 100 ms, never done.
    const trickling = rawConnection(port);
    trickling.socket.write(uploadHead(10 * 1024 * 1024));
    trickle(trickling.socket, forever(Buffer.alloc(64, 0x20), samplePdf('从未完成').subarray(0, 64)), 100);
    // Stalled: half a file, then nothing.
    const stalled = rawConnection(port);
    stalled.socket.write(uploadHead(pdf.length));
    stalled.socket.write(pdf.subarray(0, pdf.length >> 1));
    const [cutByTotal, cutByIdle] = await Promise.all([trickling.answer, stalled.answer]);
    expect(problemOf(cutByTotal)).toEqual(timeout408('body'));
    expect(cutByTotal.ms).toBeGreaterThanOrEqual(UPLOAD_MS - 50);
    expect(problemOf(cutByIdle)).toEqual(timeout408('idle'));
    expect(cutByIdle.ms).toBeGreaterThanOrEqual(IDLE_MS - 50);
    expect(cutByIdle.ms).toBeLessThan(UPLOAD_MS);
    // The staging files are gone (removed by the refused uploads, not left for the hourly sweep).
    await new Promise((r) => setTimeout(r, 200));
    expect(await evidenceState()).toEqual(kept);
  });

  it('a client that stops reading a large answer is disconnected after HTTP_IDLE_TIMEOUT_MS', async () => {
    const server = t.app.getHttpServer() as import('node:http').Server;
    const connections = () => new Promise<number>((r) => server.getConnections((_e, n) => r(n)));
    const big = Buffer.concat([samplePdf('大文件'), Buffer.alloc(6 * 1024 * 1024, 0x20)]);
    const up = await t.request('POST', '/api/v1/evidence', {
      rawBody: big,
      headers: { 'x-file-name': 'big.pdf', authorization: reporterAuth.slice(15).trim() },
    });
    expect(up.status).toBe(200);
    const settled = async (n: number, withinMs: number) => {
      const started = Date.now();
      while ((await connections()) !== n && Date.now() - started < withinMs)
        await new Promise((r) => setTimeout(r, 50));
      return connections();
    };
    expect(await settled(0, 3000)).toBe(0); // fetch's keep-alive connection closed after HTTP_KEEP_ALIVE_TIMEOUT_MS
    const { socket, answer } = rawConnection(port);
    socket.write(
      `GET /api/v1/evidence/${up.body.sha256 as string} HTTP/1.1\r\nHost: x\r\n${reporterAuth}\r\n`,
    );
    socket.once('data', () => socket.pause()); // the head arrives; then it reads nothing more
    await new Promise((r) => setTimeout(r, 300));
    expect(await connections()).toBe(1);
    expect(await settled(0, IDLE_MS + 3000)).toBe(0);
    socket.resume();
    const a = await answer;
    expect(a.statusLines).toEqual(['HTTP/1.1 200 OK']); // begun, then cut: no second status line written into it
  });

  it('pipelined requests are answered in order; the idle keep-alive connection is then closed', async () => {
    const { socket, answer } = rawConnection(port);
    socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(50));
    const a = await answer;
    expect(a.statusLines).toEqual(Array.from({ length: 50 }, () => 'HTTP/1.1 200 OK'));
    expect(a.ms).toBeLessThan(KEEP_ALIVE_MS + 3000);
  });

  it('a huge header or too many headers: 431 problem+json', async () => {
    for (const headers of [
      'X-Big: ' + 'x'.repeat(100_000),
      Array.from({ length: 3000 }, (_, i) => `X-${i}: y`).join('\r\n'),
    ]) {
      const { socket, answer } = rawConnection(port);
      socket.write(`GET /health/live HTTP/1.1\r\nHost: x\r\n${headers}\r\n\r\n`);
      const [status, isProblem, body] = problemOf(await answer);
      expect([status, isProblem, body.code]).toEqual([
        'HTTP/1.1 431 Request Header Fields Too Large',
        true,
        'HEADERS_TOO_LARGE',
      ]);
    }
  });
});
