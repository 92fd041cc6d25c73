import { computed, ref, type Ref } from 'vue';
import { ApiError } from '../../api/client';

/** A field path inside one entry of the list (`contacts[0].email`, `robots[1].url`). */
const ENTRY_FIELD = /\[\d+\]\./;

/**
 * Editing a list the API replaces as a whole (PUT): a draft copied from what is saved, sent on save; a failed save
 * keeps the draft and says what is wrong, per field (`fieldErrors`) and for the whole list (`listErrors`).
 */
export function useListEditor<D, V>(
  toDraft: () => D[],
  send: (draft: D[]) => Promise<V[]>,
  saved: (value: V[]) => void,
) {
  const editing = ref(false);
  const draft = ref([]) as Ref<D[]>;
  const busy = ref(false);
  const error = ref<ApiError | null>(null);
  const flash = ref('');

  const start = (): void => {
    draft.value = toDraft();
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
    try {
      saved(await send(draft.value));
      editing.value = false;
      flash.value = '已保存';
    } catch (e) {
      error.value = e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e), undefined, []);
    } finally {
      busy.value = false;
    }
  };
  const fieldErrors = (field: string): string[] => error.value?.forField(field) ?? [];
  /** What the problem says that is not about one entry's field (a duplicate, too many, a network failure). */
  const listErrors = computed<string[]>(() => {
    const e = error.value;
    if (e === null) return [];
    if (e.errors.length > 0)
      return e.errors.filter((x) => !ENTRY_FIELD.test(x.field)).map((x) => x.messageZh);
    return e.field !== undefined && ENTRY_FIELD.test(e.field) ? [] : [e.detailZh];
  });
  return { editing, draft, busy, error, flash, start, cancel, submit, fieldErrors, listErrors };
}
