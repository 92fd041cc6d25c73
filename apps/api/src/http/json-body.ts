import { isUtf8 } from 'node:buffer';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '@app/platform';
import { isEvidenceUpload } from '../evidence/evidence-body';
import { readBody } from './body-reader';

/** The 415 of a body that is not JSON in UTF-8. */
const UNSUPPORTED_BODY =
  'Send the request body as application/json (UTF-8); other media types are not accepted';

/** Deeper JSON is an attack or a mistake: every request body of the API is at most 4 levels deep. */
export const MAX_JSON_DEPTH = 32;
/**
 * Keys that reach an object's prototype machinery, and the names of `Object.prototype`'s members (`toString`,
 * `valueOf`…), which class-transformer drops without a word before the unknown-field check: an unknown field by such
 * a name would pass. No request body has them.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);
// eslint-disable-next-line no-control-regex -- NUL is what it finds
const UNSTORABLE = /[\u0000\p{Cs}]/u;

function bad(code: string, message: string, messageZh: string, field?: string): AppError {
  return new AppError({ kind: 'validation', code, message, messageZh, ...(field ? { field } : {}) });
}

/** `application/json`, optionally with `charset=utf-8`; anything else is refused. */
function isJsonUtf8(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  if (contentType === 'application/json') return true; // as nearly every client sends it: nothing to split
  const [type, ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => {
    const m = /^([a-z0-9!#$%&'*+.^_`|~-]+)=("?)([^"]*)\2$/.exec(p);
    if (!m) return false;
    return m[1] !== 'charset' || m[3] === 'utf-8' || m[3] === 'utf8';
  });
}

/** The nesting depth of JSON text exceeds `max` (strings skipped), found without parsing it. */
export function jsonDeeperThan(bytes: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === 0x5c) i++;
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) {
      if (++depth > max) return true;
    } else if (b === 0x7d || b === 0x5d) depth--;
  }
  return false;
}

const fieldPath = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/**
 * What no text of any request may hold, whatever the field: NUL and unpaired surrogates (PostgreSQL stores
 * neither; they would be a 500 or a silent U+FFFD), and prototype keys. Field rules (DTOs) refuse the rest.
 */
export function findUnstorableText(value: unknown): { field: string; reason: 'text' | 'key' } | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v)) return { field: path, reason: 'text' };
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, fieldPath(path, i)]));
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        const at = fieldPath(path, k);
        if (RESERVED_KEYS.has(k) || UNSTORABLE.test(k)) {
          return { field: at, reason: 'key' };
        }
        stack.push([item, at]);
      }
    }
  }
  return null;
}

/**
 * Parses a request body's bytes: an empty body is `{}` whatever its type; any other body must be application/json
 * in UTF-8 (else 415: a note sent as text/plain is refused, not dropped), valid UTF-8, at most MAX_JSON_DEPTH deep,
 * JSON, an object, with storable text.
 */
export function parseJsonBody(raw: Buffer, contentType: string | undefined): object {
  if (raw.length === 0) return {};
  if (!isJsonUtf8(contentType)) {
    throw new UnsupportedMediaTypeException(UNSUPPORTED_BODY);
  }
  if (!isUtf8(raw))
    throw bad('INVALID_UTF8', 'The request body is not valid UTF-8', '请求体不是有效的 UTF-8 文本');
  if (jsonDeeperThan(raw, MAX_JSON_DEPTH)) {
    throw bad(
      'JSON_TOO_DEEP',
      `The request body is nested more than ${MAX_JSON_DEPTH} levels deep`,
      `请求体嵌套超过 ${MAX_JSON_DEPTH} 层`,
    );
  }
  const text = raw.toString('utf8').replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bad('MALFORMED_JSON', 'The request body is not valid JSON', '请求体不是有效的 JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bad('BODY_NOT_OBJECT', 'The request body must be a JSON object', '请求体必须是 JSON 对象');
  }
  const unstorable = findUnstorableText(value);
  if (unstorable?.reason === 'text') {
    throw bad(
      'TEXT_INVALID_CHARACTERS',
      `${unstorable.field}: must not contain NUL or unpaired surrogates`,
      `${unstorable.field}：不能包含空字符（NUL）或不成对的代理字符`,
      unstorable.field,
    );
  }
  if (unstorable) {
    throw bad(
      'FIELD_NOT_ALLOWED',
      `${unstorable.field}: this field is not allowed`,
      `${unstorable.field}：不允许的字段`,
      unstorable.field,
    );
  }
  return value;
}

/** A body follows the headers (as type-is judged it for body-parser): a Content-Length or a Transfer-Encoding. */
const hasBody = (headers: IncomingHttpHeaders): boolean =>
  headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(headers['content-length'] ?? NaN));

/**
 * The body handling of every request, before routing's handlers, as Express's was: any body of any method is read
 * within the limit (413 above it), then `parseJsonBody`; an evidence upload's body is left unread (its route
 * streams the file). The request's headers stay as the client sent them (`useJsonBody` keeps Fastify's body
 * handling away). Null when there is nothing to read.
 */
export function takeJsonBody(request: FastifyRequest, limitBytes: number): Promise<void> | null {
  const raw = request.raw;
  if (isEvidenceUpload(raw) || !hasBody(raw.headers)) return null;
  return readBody(raw, limitBytes).then((bytes) => {
    request.body = parseJsonBody(bytes, raw.headers['content-type']);
  });
}

/**
 * Fastify's body handling gives way to `takeJsonBody`, Content-Type untouched. Every method Fastify knows is one
 * without a body to it (`addHttpMethod`, documented for that): it then neither judges the Content-Type (its 415 for
 * a malformed one, even without a body; its 400 for a QUERY without one) nor runs a parser. A method added later
 * with a body (Nest adds WebDAV's for an `@All` route) meets the one parser left, which passes on the body read
 * (none for an evidence upload, whose stream is its route's).
 */
export function useJsonBody(fastify: FastifyInstance): void {
  for (const method of fastify.supportedMethods) {
    fastify.addHttpMethod(method, { hasBody: false, overrideExisting: true });
  }
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (request, _payload, done) => done(null, request.body));
}
