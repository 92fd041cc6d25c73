import { computed, onMounted, onUnmounted, ref, watch, type Ref, type WatchSource } from 'vue';
import { ApiError } from './api/client';
import { text } from './labels';
import { route, setQuery } from './router';
import { nextSort, readSort, writeSort, type SortDir, type SortState } from './sort-param';

export interface Loader<T> {
  readonly data: Ref<T | null>;
  readonly loading: Ref<boolean>;
  readonly error: Ref<ApiError | null>;
  reload(): Promise<void>;
}

/** Loads `fn` on mount and whenever a source changes; the last call wins. */
export function useLoader<T>(fn: () => Promise<T>, sources: WatchSource[] = []): Loader<T> {
  const data = ref<T | null>(null) as Ref<T | null>;
  const loading = ref(false);
  const error = ref<ApiError | null>(null);
  let ticket = 0;
  const reload = async (): Promise<void> => {
    const mine = ++ticket;
    loading.value = true;
    error.value = null;
    try {
      const value = await fn();
      if (mine === ticket) data.value = value;
    } catch (e) {
      if (mine === ticket) {
        error.value =
          e instanceof ApiError
            ? e
            : new ApiError(0, 'CLIENT', e instanceof Error ? e.message : String(e), undefined, []);
      }
    } finally {
      if (mine === ticket) loading.value = false;
    }
  };
  onMounted(() => void reload());
  if (sources.length > 0) watch(sources, () => void reload());
  return { data, loading, error, reload };
}

/**
 * `useLoader`, and again every `everyMs` while the page is visible and whenever the window gets the focus back.
 * A failed poll keeps the last answer (`error` says it failed).
 */
export function usePolled<T>(fn: () => Promise<T>, everyMs: number): Loader<T> {
  const loader = useLoader(fn);
  const poll = (): void => {
    if (document.visibilityState === 'visible') void loader.reload();
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(poll, everyMs);
    window.addEventListener('focus', poll);
    document.addEventListener('visibilitychange', poll);
  });
  onUnmounted(() => {
    clearInterval(timer);
    window.removeEventListener('focus', poll);
    document.removeEventListener('visibilitychange', poll);
  });
  return loader;
}

/**
 * The table's sort kept in the URL's `sort` (`key` ascending, `-key` descending), as 里程碑 and 分类汇总 keep it:
 * it survives a reload and the browser's back/forward; a click replaces the history entry, as the filters do, and
 * goes back to the first page. `fallback` is the order shown while the URL names none (or a key not in `keys`).
 */
export function useQuerySort(opts: { first: SortDir; fallback?: SortState; keys?: readonly string[] }) {
  const param = computed(() => route.query['sort'] ?? '');
  const state = computed<SortState | null>(() => readSort(param.value, opts.keys) ?? opts.fallback ?? null);
  const sortBy = (k: string): void => {
    setQuery({ sort: writeSort(nextSort(state.value, k, opts.first)), page: undefined });
  };
  const indicator = (k: string): string =>
    state.value?.key !== k ? '' : state.value.dir === 'asc' ? '▲' : '▼';
  const ariaSort = (k: string): 'ascending' | 'descending' | 'none' =>
    state.value?.key !== k ? 'none' : state.value.dir === 'asc' ? 'ascending' : 'descending';
  return { param, state, sortBy, indicator, ariaSort };
}

/** The rows in the order `s` names (missing values last), on the client. */
export function sortRows<T>(rows: readonly T[], s: SortState | null): T[] {
  if (s === null) return [...rows];
  const sign = s.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = (a as Record<string, unknown>)[s.key];
    const vb = (b as Record<string, unknown>)[s.key];
    if (va === vb) return 0;
    if (va === null || va === undefined) return 1;
    if (vb === null || vb === undefined) return -1;
    if (typeof va === 'number' && typeof vb === 'number') return (va - vb) * sign;
    return text(va).localeCompare(text(vb), 'zh-CN') * sign;
  });
}
