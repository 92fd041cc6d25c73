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

/** The request target without its fragment (a client should send none; Express ignored one). */
export function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}
