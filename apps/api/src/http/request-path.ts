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

/**
 * The target Fastify routes: without its fragment (a client should send none; Express ignored one), and with the
 * `:close` of `POST /api/v1/years/{year}:close` in lower case (find-my-way compares the text after a parameter
 * case-sensitively; Express routed every path in any case).
 */
export function routedTarget(url: string): string {
  const hash = url.indexOf('#');
  const target = hash < 0 ? url : url.slice(0, hash);
  return target.includes(':') ? target.replace(CLOSE_SUFFIX, ':close') : target;
}

/** The request target as the client sent it (Fastify keeps it as `originalUrl` when `routedTarget` changed it). */
export function sentTarget(req: { readonly url?: string; readonly originalUrl?: string }): string {
  return req.originalUrl ?? req.url ?? '/';
}
