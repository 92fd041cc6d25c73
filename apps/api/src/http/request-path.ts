/**
 * The path of a request target, as Express routed it (`req.path`): also of an absolute-form target, without query or
 * fragment.
 */
export function pathOf(url: string): string {
  if (url.startsWith('/') && !url.startsWith('//') && !url.includes('#')) {
    const query = url.indexOf('?');
    return query < 0 ? url : url.slice(0, query);
  }
  try {
    return new URL(url, 'http://localhost').pathname;
  } catch {
    return url;
  }
}

const CLOSE_SUFFIX = /:close(?=\/?(?:\?|$))/i;
const SENT = Symbol('sentTarget');

type Target = { url?: string; [SENT]?: string };

/**
 * The target Fastify routes (its `rewriteUrl`): without its fragment (a client should send none; Express ignored
 * one), and with the `:close` of `POST /api/v1/years/{year}:close` in lower case (find-my-way compares the text after
 * a parameter case-sensitively; Express routed every path in any case). A target it changes is kept as sent.
 */
export function routedTarget(req: Target): string {
  const url = req.url ?? '/';
  const hash = url.indexOf('#');
  let target = hash < 0 ? url : url.slice(0, hash);
  if (target.includes(':')) target = target.replace(CLOSE_SUFFIX, ':close');
  if (target !== url) req[SENT] = url;
  return target;
}

/** The request target as the client sent it (before `routedTarget`). */
export function sentTarget(req: Target): string {
  return req[SENT] ?? req.url ?? '/';
}
