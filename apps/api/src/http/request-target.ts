import type { IncomingMessage } from 'node:http';
import { AppError, findForbiddenCharacter } from '@app/platform';

function refuse(code: string, field: string, message: string, messageZh: string): AppError {
  return new AppError({ kind: 'validation', code, field, message, messageZh });
}

/** Strict percent-decoding: a malformed escape or bytes that are not UTF-8 give null (never U+FFFD). */
function decode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** The first problem of the path's segments: undecodable, or holding a character no text may hold. */
function pathProblem(path: string): AppError | null {
  for (const segment of path.split('/')) {
    const text = decode(segment);
    if (text === null) {
      return refuse(
        'MALFORMED_PATH',
        'path',
        `The path segment "${segment}" is not valid percent-encoded UTF-8`,
        '请求路径的编码无效（须为 UTF-8 百分号编码）',
      );
    }
    const bad = findForbiddenCharacter(text, false);
    if (bad) {
      return refuse(
        'PATH_INVALID_CHARACTERS',
        'path',
        `The path must not contain control characters (${bad.char})`,
        `请求路径不能包含控制字符（${bad.char}）`,
      );
    }
  }
  return null;
}

/** The first problem of the query's parameters (names and values), as the path. */
function queryProblem(query: string): AppError | null {
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const name = decode(rawName.replace(/\+/g, ' '));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1).replace(/\+/g, ' '));
    const field = name ?? rawName;
    if (name === null || value === null) {
      return refuse(
        'MALFORMED_QUERY',
        field,
        `The query parameter "${field}" is not valid percent-encoded UTF-8`,
        `查询参数 ${field} 的编码无效（须为 UTF-8 百分号编码）`,
      );
    }
    const bad = findForbiddenCharacter(name, false) ?? findForbiddenCharacter(value, false);
    if (bad) {
      return refuse(
        'QUERY_INVALID_CHARACTERS',
        field,
        `The query parameter "${field}" must not contain control characters (${bad.char})`,
        `查询参数 ${field} 不能包含控制字符（${bad.char}）`,
      );
    }
  }
  return null;
}

/** A target of printable ASCII without `%`: it decodes to itself (`+` to a space), with no control character. */
const PLAIN = /^[\x20-\x24\x26-\x7e]*$/;

/**
 * Path ids and query parameters are one-line text: percent-encoded UTF-8 without control characters. Checked
 * once, before routing's handlers, so `%00` or `%FF` never reaches a query (a 500 from PostgreSQL) or turns into
 * U+FFFD. The problem of the raw request's target as sent, or null.
 */
export function requestTargetProblem(
  req: Pick<IncomingMessage, 'httpVersion' | 'headers'>,
  url: string,
): AppError | null {
  // HTTP/1.1 requires Host (RFC 9112 §3.2); the server leaves this check here, where the answer is problem+json.
  if (req.httpVersion === '1.1' && req.headers.host === undefined) {
    return refuse(
      'HOST_REQUIRED',
      'Host',
      'An HTTP/1.1 request must have a Host header',
      'HTTP/1.1 请求必须带 Host 请求头',
    );
  }
  // Printable ASCII without escapes (nearly every request): nothing to decode, no character to refuse.
  if (PLAIN.test(url)) return null;
  const q = url.indexOf('?');
  return pathProblem(q < 0 ? url : url.slice(0, q)) ?? (q < 0 ? null : queryProblem(url.slice(q + 1)));
}
