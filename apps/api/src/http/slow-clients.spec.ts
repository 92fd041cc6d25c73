import * as http from 'node:http';
import type * as net from 'node:net';
import { isEvidenceUpload } from '../evidence/evidence-body';
import { boundSlowClients } from './slow-clients';

describe('the evidence upload, told from the raw request target as Express routes it', () => {
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
