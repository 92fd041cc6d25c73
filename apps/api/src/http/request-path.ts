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
