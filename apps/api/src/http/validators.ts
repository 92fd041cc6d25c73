import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { findForbiddenCharacter, isIsoDate, parseIsoInstant } from '@app/platform';

/**
 * The one character rule (`findForbiddenCharacter`) as a DTO decorator: one-line text refuses every control
 * character, multi-line text allows line feeds and tabs.
 */
export function NoControlCharacters(
  opts: { multiline: boolean },
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'noControlCharacters',
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' || findForbiddenCharacter(value, opts.multiline) === null,
        defaultMessage: () =>
          opts.multiline
            ? '$property must not contain control characters (only line breaks and tabs)'
            : '$property must not contain control characters',
      },
    },
    validationOptions,
  );
}

/** A real calendar date YYYY-MM-DD (`isIsoDate`: no 2021-02-30, no year 0000). */
export function IsIsoDate(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isIsoDate(value),
        defaultMessage: () => '$property must be a date YYYY-MM-DD',
      },
    },
    validationOptions,
  );
}

/**
 * An instant with its zone (`parseIsoInstant`: 2021-06-30T09:00:00+08:00, no leap second, offsets −12:00 to +14:00).
 * The form only: its bounds are the command's (now, the plan period: 422 naming the bound), as far as it lies.
 */
export function IsIsoInstant(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoInstant',
      validator: {
        validate: (value: unknown) => parseIsoInstant(value) !== null,
        defaultMessage: () =>
          '$property must be an ISO 8601 instant with a time zone, e.g. 2021-06-30T09:00:00+08:00',
      },
    },
    validationOptions,
  );
}

/**
 * A number in a query string: a plain decimal becomes a number; empty (`?offset=`, as a form sends it) is absent,
 * so the default applies; anything else stays as sent, so the refusal quotes what was sent (`收到“abc”`), not the
 * NaN a blind conversion makes of it.
 */
export function QueryNumber(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (value === '') return undefined;
    return typeof value === 'string' && /^-?\d{1,16}(?:\.\d{1,16})?$/.test(value) ? Number(value) : value;
  });
}
