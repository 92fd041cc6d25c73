import { computed, type Ref } from 'vue';
import type { ApiError } from '../../api/client';
import { assignmentProblem } from '../../forms/command-checks';

/**
 * Where a command form shows each message: one per field (the form's own check first, else the API's first
 * message for it), a reported value's by its metric (the API answers by index), the rest above the form.
 */
export function useFormErrors(opts: {
  readonly error: Ref<ApiError | null>;
  /** The form's own messages shown now (`visibleMessages`). */
  readonly shown: Ref<Readonly<Record<string, string | undefined>>>;
  /** The form's fields: an error for none of them goes above it. */
  readonly fields: readonly string[];
  /** Which metric each sent indicatorActuals[i] is. */
  readonly sentMetrics: () => readonly string[];
}) {
  const err = (field: string): string | undefined =>
    opts.shown.value[field] ?? opts.error.value?.forField(field)[0];
  const actualErr = (metric: string): string | undefined => {
    const i = opts.sentMetrics().indexOf(metric);
    return i < 0 ? undefined : err(`indicatorActuals[${i}]`);
  };
  const generalErrors = computed(() => {
    const e = opts.error.value;
    if (!e) return [];
    const own = (x: string) =>
      opts.fields.some((k) => x === k || x.startsWith(`${k}[`) || x.startsWith(`${k}.`));
    const plain = assignmentProblem(e.code);
    if (plain !== undefined) return [plain];
    const rest = e.errors.filter((x) => !own(x.field)).map((x) => x.messageZh);
    if (e.errors.length === 0 && (e.field === undefined || !own(e.field))) rest.unshift(e.detailZh);
    return rest;
  });
  return { err, actualErr, generalErrors };
}
