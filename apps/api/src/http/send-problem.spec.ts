import { type ArgumentsHost, Logger } from '@nestjs/common';
import Fastify, { type FastifyInstance } from 'fastify';
import { AppError } from '@app/platform';
import { weakTag } from './entity-tag';
import { ReplayedProblem } from './idempotent-replayed';
import { ProblemDetailsFilter } from './problem-details.filter';
import { routerErrors } from './request-checks';

const busy = new AppError({
  kind: 'unavailable',
  code: 'STANDING_ITEM_BUSY',
  message: 'busy',
  messageZh: '忙',
  details: { retryAfterSeconds: 1 },
});
const replayed = new ReplayedProblem({
  kind: 'validation',
  code: 'X_INVALID',
  message: 'x',
  messageZh: '错',
});

/** Problems the way the service sends them: the exception filter's (a route's error) and the router's own. */
function server(): FastifyInstance {
  const fastify = Fastify({ frameworkErrors: routerErrors });
  const filter = new ProblemDetailsFilter();
  fastify.setErrorHandler((e, request, reply) => {
    const http = { getRequest: () => request, getResponse: () => reply };
    filter.catch(e, { switchToHttp: () => http } as unknown as ArgumentsHost);
  });
  fastify.get('/api/v1/busy', () => Promise.reject(busy));
  fastify.get('/api/v1/replayed', () => Promise.reject(replayed));
  fastify.get('/api/v1/:id', () => ({}));
  return fastify;
}

describe('sendProblem: one way a problem leaves, from the filter and from the router', () => {
  let fastify: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    Logger.overrideLogger(false); // (the 503's warning line)
    fastify = server();
    base = await fastify.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => fastify.close());

  async function get(path: string) {
    const r = await fetch(`${base}${path}`);
    const text = await r.text();
    return { r, text, body: JSON.parse(text) as Record<string, unknown> };
  }

  it('each carries its status, problem+json, the ETag of its bytes and its instance', async () => {
    for (const [path, status, code] of [
      ['/api/v1/busy', 503, 'STANDING_ITEM_BUSY'],
      ['/api/v1/replayed', 400, 'X_INVALID'],
      ['/api/v1/mil%ZZ', 400, 'MALFORMED_PATH'],
    ] as const) {
      const { r, text, body } = await get(path);
      expect([path, r.status, r.headers.get('content-type'), r.headers.get('etag')]).toEqual([
        path,
        status,
        'application/problem+json; charset=utf-8',
        weakTag(text),
      ]);
      expect(body).toMatchObject({ status, code, instance: path });
    }
  });

  it('a 503 names its own wait, a replayed refusal says so, a router error has the security headers', async () => {
    expect((await get('/api/v1/busy')).r.headers.get('retry-after')).toBe('1');
    expect((await get('/api/v1/replayed')).r.headers.get('idempotent-replayed')).toBe('true');
    const router = (await get('/api/v1/mil%ZZ')).r.headers;
    expect(router.get('content-security-policy')).toContain("default-src 'none'");
    expect(router.get('x-content-type-options')).toBe('nosniff');
  });
});
