import { reactive } from 'vue';
import { setAsOf, store } from './state';

export type RouteName =
  | 'overview'
  | 'rollups'
  | 'milestones'
  | 'milestone'
  | 'agenda'
  | 'alerts'
  | 'notices'
  | 'retrospective'
  | 'notFound';

interface Route {
  name: RouteName;
  params: Record<string, string>;
  query: Record<string, string>;
  path: string;
}

const PATTERNS: [RegExp, RouteName, string[]][] = [
  [/^\/$/, 'overview', []],
  [/^\/rollups\/?$/, 'rollups', []],
  [/^\/milestones\/?$/, 'milestones', []],
  [/^\/milestones\/([^/]+)\/?$/, 'milestone', ['id']],
  [/^\/agenda\/?$/, 'agenda', []],
  [/^\/alerts\/?$/, 'alerts', []],
  [/^\/notices\/?$/, 'notices', []],
  [/^\/retrospective(?:\/(\d{4}))?\/?$/, 'retrospective', ['year']],
];

function resolve(): Route {
  const path = location.pathname;
  const query = Object.fromEntries(new URLSearchParams(location.search).entries());
  for (const [re, name, keys] of PATTERNS) {
    const m = re.exec(path);
    if (m) {
      const params: Record<string, string> = {};
      keys.forEach((k, i) => {
        const v = m[i + 1];
        if (v !== undefined) params[k] = decodeURIComponent(v);
      });
      return { name, params, query, path };
    }
  }
  return { name: 'notFound', params: {}, query, path };
}

/** A tiny history router (no dependency): the current route, reactive. */
export const route = reactive<Route>(resolve());

function update(): void {
  Object.assign(route, resolve());
  const asOf = route.query['asOf'] ?? '';
  if (asOf !== store.asOf && (asOf === '' || /^\d{4}-\d{2}-\d{2}$/.test(asOf))) setAsOf(asOf);
}

window.addEventListener('popstate', update);

/** A URL inside the app; keeps the as-of date unless `query` says otherwise. */
export function href(path: string, query: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  const merged: Record<string, string | undefined> = { asOf: store.asOf || undefined, ...query };
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export function navigate(url: string, replace = false): void {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  update();
  if (!replace) window.scrollTo(0, 0);
}

/** Changes the query of the current page (filters, as-of) without a new history entry. */
export function setQuery(changes: Record<string, string | undefined>, replace = true): void {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  navigate(s ? `${location.pathname}?${s}` : location.pathname, replace);
}
