import { computed, onUnmounted, ref, shallowReactive, type ComputedRef, type Ref } from 'vue';
import { ApiError } from '../../api/client';
import type { TaggedList } from '../../api/notices';

/** A field path inside one entry of the list (`contacts[0].email`, `robots[1].url`). */
const ENTRY_FIELD = /\[\d+\]\./;

/** Each mounted editor's `dirty` (the page asks before something would discard an unsaved draft). */
const drafts = shallowReactive(new Map<symbol, ComputedRef<boolean>>());
/** Some editor on the page holds a draft that differs from what it loaded. */
export const hasUnsavedDraft = (): boolean => [...drafts.values()].some((d) => d.value);

/** What the editor's frame (EditorShell.vue) shows and drives. */
export interface EditorFrame {
  readonly editing: Readonly<Ref<boolean>>;
  readonly draft: Readonly<Ref<readonly unknown[]>>;
  readonly busy: Readonly<Ref<boolean>>;
  readonly flash: Readonly<Ref<string>>;
  readonly stale: Readonly<Ref<boolean>>;
  readonly listErrors: Readonly<Ref<string[]>>;
  /** The draft differs from what it was started from. */
  readonly dirty: Readonly<Ref<boolean>>;
  start(): void;
  cancel(): void;
  submit(): Promise<void>;
  reloadLatest(): Promise<void>;
}

/**
 * Editing a list the API replaces as a whole (PUT): a draft copied from what is loaded, sent on save with the
 * list's ETag as If-Match; a failed save keeps the draft and says what is wrong, per field (`fieldErrors`, which
 * follow their rows as rows are removed or moved) and for the whole list (`listErrors`). `stale`: someone else
 * changed the list since it was loaded (412); `reloadLatest` loads it again and starts over from it. `dirty`: the
 * draft differs from what it was started from (the loaded list; after a save it is clean again).
 */
export function useListEditor<D, V>(opts: {
  /** The list's name in the API's field paths (`contacts`, `robots`). */
  readonly name: string;
  readonly loaded: Ref<TaggedList<V> | null>;
  readonly reload: () => Promise<void>;
  readonly toDraft: (list: V[]) => D[];
  readonly send: (draft: D[], etag: string | null) => Promise<TaggedList<V>>;
}) {
  const me = Symbol(opts.name);
  const editing = ref(false);
  const draft = ref([]) as Ref<D[]>;
  const busy = ref(false);
  const error = ref<ApiError | null>(null);
  const flash = ref('');
  let etag: string | null = null;
  /** For each draft row, its index in the draft the last error is about (-1: added since). */
  let rowAt: number[] = [];

  /** The draft as it was started (JSON), to compare with. */
  const started = ref('');
  const dirty = computed(() => editing.value && JSON.stringify(draft.value) !== started.value);
  drafts.set(me, dirty);
  onUnmounted(() => drafts.delete(me));

  const start = (): void => {
    draft.value = opts.toDraft(opts.loaded.value?.list ?? []);
    started.value = JSON.stringify(draft.value);
    etag = opts.loaded.value?.etag ?? null;
    error.value = null;
    flash.value = '';
    editing.value = true;
  };
  const cancel = (): void => {
    editing.value = false;
    error.value = null;
  };
  const submit = async (): Promise<void> => {
    busy.value = true;
    error.value = null;
    rowAt = draft.value.map((_, i) => i);
    try {
      opts.loaded.value = await opts.send(draft.value, etag);
      editing.value = false;
      flash.value = '已保存';
    } catch (e) {
      error.value = e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e), undefined, []);
    } finally {
      busy.value = false;
    }
  };
  const stale = computed(() => error.value?.status === 412);
  /** The current list into the editor (the draft dropped); a reload that failed keeps the draft and says so. */
  const reloadLatest = async (): Promise<void> => {
    const before = opts.loaded.value;
    await opts.reload();
    if (opts.loaded.value !== null && opts.loaded.value !== before) start();
    else
      error.value = new ApiError(
        0,
        'CLIENT',
        '重新载入失败，请检查网络后再试；您的修改仍在。',
        undefined,
        [],
      );
  };

  const add = (row: D): void => {
    draft.value.push(row);
    rowAt.push(-1);
  };
  const remove = (i: number): void => {
    draft.value.splice(i, 1);
    rowAt.splice(i, 1);
  };
  const swap = (i: number, j: number): void => {
    const list = draft.value;
    if (j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j]!, list[i]!];
    [rowAt[i], rowAt[j]] = [rowAt[j] ?? -1, rowAt[i] ?? -1];
  };
  /** The messages for field `field` of draft row `i` (the error named it by the row's index when it was sent). */
  const fieldErrors = (i: number, field: string): string[] => {
    const at = rowAt[i] ?? -1;
    return at < 0 ? [] : (error.value?.forField(`${opts.name}[${at}].${field}`) ?? []);
  };
  /** What the problem says that is not about one entry's field (a duplicate, too many, a network failure). */
  const listErrors = computed<string[]>(() => {
    const e = error.value;
    if (e === null) return [];
    if (e.errors.length > 0)
      return e.errors.filter((x) => !ENTRY_FIELD.test(x.field)).map((x) => x.messageZh);
    return e.field !== undefined && ENTRY_FIELD.test(e.field) ? [] : [e.detailZh];
  });
  return {
    editing,
    draft,
    busy,
    error,
    flash,
    stale,
    start,
    cancel,
    submit,
    reloadLatest,
    add,
    remove,
    swap,
    fieldErrors,
    listErrors,
    dirty,
  };
}
