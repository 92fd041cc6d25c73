import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError } from '@app/platform';
import { declaredRules, fieldMessageZh, missingDayNote, mostRelevant } from './validation-messages';

export interface FieldError {
  readonly field: string;
  readonly code: string;
  readonly message: string;
  readonly messageZh: string;
}

/** One error per field: its most relevant failed constraint, in English and in plain Chinese. */
function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = /^\d+$/.test(e.property)
      ? `${prefix}[${e.property}]`
      : prefix
        ? `${prefix}.${e.property}`
        : e.property;
    const constraints = e.constraints ?? {};
    const code = mostRelevant(Object.keys(constraints));
    if (code !== undefined) {
      out.push({
        field,
        code,
        message: `${constraints[code] ?? 'is invalid'}${missingDayNote(e.value, 'en')}`,
        messageZh: fieldMessageZh(field, e.value, Object.keys(constraints), declaredRules(e)),
      });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** The one 400 for fields that failed validation (body or query): VALIDATION_FAILED naming the first, listing all. */
export function validationFailed(list: readonly FieldError[]): AppError {
  const first = list[0];
  return new AppError({
    kind: 'validation',
    code: 'VALIDATION_FAILED',
    message: first ? `${first.field}: ${first.message}` : 'Invalid request',
    messageZh: first ? first.messageZh : '请求参数无效',
    ...(first ? { field: first.field } : {}),
    details: { errors: list },
  });
}

/** Whitelist, reject unknown fields, transform; errors become one AppError naming every field once. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    // The target lets the messages state every rule of a field (its limits), not only the failed one.
    validationError: { target: true, value: true },
    exceptionFactory: (errors: ValidationError[]) => validationFailed(flatten(errors)),
  });
}
