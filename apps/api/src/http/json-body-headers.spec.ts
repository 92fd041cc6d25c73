import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { takeJsonBody, useJsonBody } from './json-body';
import { ProblemDetailsFilter } from './problem-details.filter';
import { sendProblem } from './send-problem';

const LIMIT = 64;

/** A Fastify instance with the API's body handling and a route that answers what its handler was given. */
function echoServer(): FastifyInstance {
  const fastify = Fastify();
  const problems = new ProblemDetailsFilter();
  fastify.setErrorHandler((e, _request, reply) => sendProblem(reply, problems.toProblem(e)));
  fastify.addHook('onRequest', (request, _reply, done) => {
    const body = takeJsonBody(request, LIMIT);
    if (body === null) done();
    else body.then(() => done(), done);
  });
  useJsonBody(fastify);
  fastify.all('/echo', (request) => ({
    contentType: request.headers['content-type'] ?? null,
    raw: request.raw.headers['content-type'] ?? null,
    body: request.body ?? null,
  }));
  return fastify;
}

describe('JSON body: the request keeps the Content-Type the client sent', () => {
  let fastify: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    fastify = echoServer();
    url = `${await fastify.listen({ port: 0, host: '127.0.0.1' })}/echo`;
  });
  afterAll(() => fastify.close());
  const send = async (method: 'POST' | 'PUT' | 'DELETE', contentType: string, body: string) => {
    const r = await fetch(url, { method, headers: { 'content-type': contentType }, body });
    return {
      statusCode: r.status,
      contentType: r.headers.get('content-type'),
      json: (await r.json()) as Record<string, unknown>,
    };
  };

  it('a handler reads the Content-Type as sent, beside the body read from it', async () => {
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      const r = await send(method, 'Application/JSON; Charset="UTF-8"', '{"note":"同意"}');
      expect([method, r.statusCode, r.json]).toEqual([
        method,
        200,
        {
          contentType: 'Application/JSON; Charset="UTF-8"',
          raw: 'Application/JSON; Charset="UTF-8"',
          body: { note: '同意' },
        },
      ]);
    }
  });

  it('a compressed body (gzip, deflate, br) is read, its Content-Type as sent', async () => {
    const json = Buffer.from('{"note":"同意"}');
    for (const [encoding, body] of [
      ['gzip', gzipSync(json)],
      ['deflate', deflateSync(json)],
      ['br', brotliCompressSync(json)],
    ] as const) {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body,
      });
      expect([encoding, r.status, await r.json()]).toEqual([
        encoding,
        200,
        { contentType: 'application/json', raw: 'application/json', body: { note: '同意' } },
      ]);
    }
  });

  it('a malformed Content-Type on an empty body reaches the handler as sent (no 415 from Fastify)', async () => {
    const r = await send('POST', 'bogus', '');
    expect([r.statusCode, r.json]).toEqual([200, { contentType: 'bogus', raw: 'bogus', body: {} }]);
  });

  it('refuses as before: another media type 415, malformed JSON 400, too large 413, as problem+json', async () => {
    const cases: [string, string, number, string][] = [
      ['text/plain', '{}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['bogus', '{}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['application/json', '{x', 400, 'MALFORMED_JSON'],
      ['application/json', `{"a":"${'x'.repeat(LIMIT)}"}`, 413, 'BODY_TOO_LARGE'],
    ];
    for (const [contentType, payload, status, code] of cases) {
      const r = await send('POST', contentType, payload);
      expect([contentType, r.statusCode, r.contentType, r.json.code]).toEqual([
        contentType,
        status,
        'application/problem+json; charset=utf-8',
        code,
      ]);
    }
  });
});
