import { Logger } from '@nestjs/common';
import { ADMIN_TOKEN, startTestApp, type TestApp } from './support/test-app';
import { rawConnection } from './support/raw-http';

/*
 * A request the service cuts for its slowness is logged once, as one warning line naming the reason and the
 * peer, never the body: the exception filter, which also sees the cut body, does not log it again.
 */
describe('a cut slow request: one warning line', () => {
  let t: TestApp;
  let port: number;
  let warnings: jest.SpyInstance;

  beforeAll(async () => {
    t = await startTestApp({
      HTTP_REQUEST_TIMEOUT_MS: '500',
      EVIDENCE_UPLOAD_TIMEOUT_MS: '500',
      HTTP_IDLE_TIMEOUT_MS: '5000',
    });
    port = Number(new URL(t.baseUrl).port);
  });
  beforeEach(() => {
    warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warnings.mockRestore());
  afterAll(async () => t.close());

  it.each([
    [
      'a JSON body',
      '/api/v1/milestones/sanqu-2020.T06-2021/progress',
      'Content-Type: application/json\r\n',
      '{"narrative":"secret-body"',
      '?note=secret-query', // (the body is read before routing: the query is never judged)
    ],
    // Its route's reader fails on the cut and the exception filter sees it: still the one line.
    [
      'an evidence upload',
      '/api/v1/evidence',
      'Content-Type: application/octet-stream\r\nX-File-Name: a.pdf\r\n',
      '%PDF-1.7 secret-body',
      '', // (its route is reached first: a query it does not take would be refused before the body)
    ],
  ])(
    '%s that never ends: 408, one line "request cut (too slow: body)" with the peer, no body',
    async (_, path, type, part, query) => {
      const c = rawConnection(port);
      await new Promise((r) => c.socket.once('connect', r));
      const localPort = c.socket.localPort!;
      c.socket.write(
        `POST ${path}${query} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n${type}` +
          `Content-Length: 100000\r\n\r\n${part}`,
      );
      const a = await c.answer;
      expect(a.head.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
      // What the route and the exception filter make of the cut (its reader fails) is logged by then.
      await new Promise((r) => setTimeout(r, 1500));
      const lines = warnings.mock.calls.map((call) => String(call[0]));
      expect(lines).toEqual([`request cut (too slow: body): POST ${path} from 127.0.0.1:${localPort}`]);
    },
  );
});
