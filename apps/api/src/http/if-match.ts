import { AppError } from '@app/platform';

/**
 * The one entity tag an `If-Match` header names: `"abc"` (also `W/"abc"` or bare `abc`) → `abc`; absent →
 * undefined; `*` → `*`; anything else (a list of tags, spaces or quotes inside, over 200 characters) → the
 * INVALID_IF_MATCH problem with `expected` (what a valid value looks like, English and Chinese).
 */
export function ifMatchTag(
  value: string | undefined,
  expected: { readonly en: string; readonly zh: string },
): string | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(?:W\/)?("?)([\x21\x23-\x7e]{1,200})\1\s*$/.exec(value);
  if (!m?.[2]) throw invalidIfMatch(expected);
  return m[2];
}

export const invalidIfMatch = (expected: { readonly en: string; readonly zh: string }): AppError =>
  new AppError({
    kind: 'validation',
    code: 'INVALID_IF_MATCH',
    field: 'If-Match',
    message: `If-Match must be ${expected.en}`,
    messageZh: `If-Match 必须是${expected.zh}`,
  });
