import { getCurrentInstance, onUnmounted, reactive } from 'vue';
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

export interface Route {
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

function resolve(at: { pathname: string; search: string } = location): Route {
  const path = at.pathname;
  const query = Object.fromEntries(new URLSearchParams(at.search).entries());
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

/** Asked before the route changes; `false` keeps the current one. */
export type RouteGuard = (to: Route) => boolean;
const guards = new Set<RouteGuard>();
const allowed = (to: Route): boolean => [...guards].every((g) => g(to));
/** The URL shown now: where the browser's back/forward returns to when a guard refuses. */
let shown = location.pathname + location.search;
/**
 * Each history entry of the app carries its place (`{ idx }`), so a refused back/forward returns to the entry
 * shown (`history.go`) instead of adding one: the user's history stays as it was.
 */
const idxOf = (state: unknown): number | undefined =>
  typeof (state as { idx?: unknown } | null)?.idx === 'number' ? (state as { idx: number }).idx : undefined;
let shownIdx = idxOf(history.state) ?? 0;
if (idxOf(history.state) === undefined) history.replaceState({ idx: shownIdx }, '');
/** Set while `history.go` puts the shown entry back: that popstate is not a route change. */
let returning = false;

/**
 * Asks `guard` before every route change (a link, a query change, the browser's back/forward) while the calling
 * component is mounted; `false` keeps the page as it is.
 */
export function onBeforeRouteChange(guard: RouteGuard): void {
  guards.add(guard);
  if (getCurrentInstance()) onUnmounted(() => guards.delete(guard));
}

/** Asks the guards before the page goes away without a route change (signing out): `false` keeps it. */
export const mayLeavePage = (): boolean => allowed({ name: 'notFound', params: {}, query: {}, path: '' });

function update(): void {
  shown = location.pathname + location.search;
  Object.assign(route, resolve());
  const asOf = route.query['asOf'] ?? '';
  if (asOf !== store.asOf && (asOf === '' || /^\d{4}-\d{2}-\d{2}$/.test(asOf))) setAsOf(asOf);
}

window.addEventListener('popstate', (e) => {
  const idx = idxOf(e.state);
  if (returning) {
    returning = false;
    if (idx === shownIdx) return; // back where it was shown; anything else (a `go` the browser ignored) goes on
  }
  if (allowed(resolve())) {
    shownIdx = idx ?? shownIdx;
    update();
  } else if (idx !== undefined && idx !== shownIdx) {
    returning = true;
    history.go(shownIdx - idx);
  } else history.pushState({ idx: shownIdx }, '', shown); // an entry not the app's (a hash link): shown again
});

/** A URL inside the app; keeps the as-of date unless `query` says otherwise. */
export function href(path: string, query: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  const merged: Record<string, string | undefined> = { asOf: store.asOf || undefined, ...query };
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** Goes to `url` unless a guard refuses (`false`). */
export function navigate(url: string, replace = false): boolean {
  if (!allowed(resolve(new URL(url, location.href)))) return false;
  returning = false; // a `go` still pending finds another entry shown: its popstate is judged as any other
  if (replace) history.replaceState({ idx: shownIdx }, '', url);
  else history.pushState({ idx: ++shownIdx }, '', url);
  update();
  if (!replace) window.scrollTo(0, 0);
  return true;
}

/** Changes the query of the current page (filters, as-of) without a new history entry. */
export function setQuery(changes: Record<string, string | undefined>, replace = true): boolean {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  return navigate(s ? `${location.pathname}?${s}` : location.pathname, replace);
}
