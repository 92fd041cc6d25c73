/** A table's sort as the URL keeps it (`sort=key` ascending, `sort=-key` descending: the API's own form). */
export type SortDir = 'asc' | 'desc';
export interface SortState {
  readonly key: string;
  readonly dir: SortDir;
}

/** The sort a `sort` parameter names; `null` when it names none (or a key not in `keys`, when given). */
export function readSort(param: string | undefined, keys?: readonly string[]): SortState | null {
  if (param === undefined || param === '' || param === '-') return null;
  const s: SortState = param.startsWith('-')
    ? { key: param.slice(1), dir: 'desc' }
    : { key: param, dir: 'asc' };
  return keys === undefined || keys.includes(s.key) ? s : null;
}

/** The `sort` parameter of a sort (`undefined`: none, the page's default). */
export const writeSort = (s: SortState | null): string | undefined =>
  s === null ? undefined : s.dir === 'desc' ? `-${s.key}` : s.key;

/**
 * The sort after a click on column `key`, from the sort shown now: another column starts in the `first` direction,
 * the same column turns to the other one, and from there back to none (the page's default order).
 */
export function nextSort(shown: SortState | null, key: string, first: SortDir): SortState | null {
  if (shown?.key !== key) return { key, dir: first };
  return shown.dir === first ? { key, dir: first === 'asc' ? 'desc' : 'asc' } : null;
}
