import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** A weak tag of the bytes sent: `W/"<length hex>-<sha1 base64, 27 chars>"` (the tag Express gave every answer). */
export function weakTag(body: string | Buffer): string {
  const length = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  const hash = createHash('sha1').update(body).digest('base64').slice(0, 27);
  return `W/"${length.toString(16)}-${hash}"`;
}

const NO_CACHE = /(?:^|,)\s*?no-cache\s*?(?:,|$)/;

/** Whether the client's copy is the answer (RFC 9110 §13.1.2 and §13.1.3, as Express's `req.fresh` judged it). */
function fresh(request: FastifyRequest, reply: FastifyReply): boolean {
  const noneMatch = request.headers['if-none-match'];
  const modifiedSince = request.headers['if-modified-since'];
  if (!noneMatch && !modifiedSince) return false;
  if (NO_CACHE.test(request.headers['cache-control'] ?? '')) return false;
  if (noneMatch && noneMatch !== '*') {
    const etag = reply.getHeader('etag');
    if (typeof etag !== 'string') return false;
    const matched = noneMatch
      .split(',')
      .map((t) => t.trim())
      .some((t) => t === etag || t === `W/${etag}` || `W/${t}` === etag);
    if (!matched) return false;
  }
  if (modifiedSince) {
    const lastModified = reply.getHeader('last-modified');
    if (typeof lastModified !== 'string' || !(Date.parse(lastModified) <= Date.parse(modifiedSince)))
      return false;
  }
  return true;
}

/**
 * Every answer sent as bytes (JSON, CSV, problems) carries an ETag, its own or a weak one of its bytes; a GET or
 * HEAD whose `If-None-Match` (or `If-Modified-Since`) names it is answered 304 without a body. Streams (files,
 * exports) keep what their route set.
 */
export function useEntityTags(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    if (!reply.hasHeader('etag')) reply.header('ETag', weakTag(payload));
    const type = reply.getHeader('content-type');
    // Text is sent as UTF-8 and says so (as Express's `res.send` of a string did: Swagger UI's page).
    if (typeof payload === 'string' && typeof type === 'string' && !type.includes('charset=')) {
      reply.header('Content-Type', `${type}; charset=utf-8`);
    }
    const status = reply.statusCode;
    const cacheable = (status >= 200 && status < 300) || status === 304;
    if ((request.method === 'GET' || request.method === 'HEAD') && cacheable && fresh(request, reply)) {
      reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      // (Fastify's HEAD step measures a string and gives an empty one a Content-Length; a stream it only drains.)
      return done(null, request.method === 'HEAD' ? Readable.from([]) : null);
    }
    done(null, payload);
  });
}
