import { computed, onMounted, onUnmounted, ref, watch, type Ref, type WatchSource } from 'vue';
import { ApiError } from './api/client';
import { text } from './labels';

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

export type SortDir = 'asc' | 'desc';

/** Client-side sorting of a table by a column's value. */
export function useSort<T>(rows: Ref<readonly T[]>, initial: string, dir: SortDir = 'desc') {
  const key = ref(initial);
  const direction = ref<SortDir>(dir);
  const sorted = computed(() => {
    const k = key.value;
    const sign = direction.value === 'asc' ? 1 : -1;
    return [...rows.value].sort((a, b) => {
      const va = (a as Record<string, unknown>)[k];
      const vb = (b as Record<string, unknown>)[k];
      if (va === vb) return 0;
      if (va === null || va === undefined) return 1;
      if (vb === null || vb === undefined) return -1;
      if (typeof va === 'number' && typeof vb === 'number') return (va - vb) * sign;
      return text(va).localeCompare(text(vb), 'zh-CN') * sign;
    });
  });
  const sortBy = (k: string): void => {
    if (key.value === k) direction.value = direction.value === 'asc' ? 'desc' : 'asc';
    else {
      key.value = k;
      direction.value = 'desc';
    }
  };
  const indicator = (k: string): string => (key.value !== k ? '' : direction.value === 'asc' ? '▲' : '▼');
  const ariaSort = (k: string): 'ascending' | 'descending' | 'none' =>
    key.value !== k ? 'none' : direction.value === 'asc' ? 'ascending' : 'descending';
  return { key, direction, sorted, sortBy, indicator, ariaSort };
}
