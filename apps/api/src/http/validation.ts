import {
  type ArgumentMetadata,
  ValidationPipe,
  type ValidationError,
  type ValidationPipeOptions,
} from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { AppError } from '@app/platform';
import { declaredRules, fieldMessageZh, missingDayNote, mostRelevant } from './validation-messages';
import { isFlatPlainObject, passCheckFor, passOptionsOf, type PassOptions } from './validation-pass';

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

/**
 * Nest's ValidationPipe, which first asks `passCheckFor` (validation-pass.ts) whether class-validator would accept
 * a flat body or query: then it returns the same instance of the DTO without building class-validator's errors
 * (most of a valid command's validation time); otherwise, and whenever the check cannot tell, the pipe runs as is.
 */
class CheckedValidationPipe extends ValidationPipe {
  /** Null when the pipe's options are ones the check does not answer for: the pipe then runs as is. */
  private readonly passOptions: PassOptions | null;

  constructor(options: ValidationPipeOptions) {
    super(options);
    this.passOptions = passOptionsOf(this.validatorOptions);
  }

  // async, as the pipe's own: a @Transform or a constraint that throws here gives a rejected promise too.
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    const options = this.passOptions;
    const checkable =
      options && this.isTransformEnabled && !this.expectedType && metatype && this.toValidate(metadata);
    if (checkable && isFlatPlainObject(value)) {
      const check = passCheckFor(metatype as new () => object, options);
      if (check) {
        const entity = plainToInstance(metatype as new () => object, value, this.transformOptions);
        if (entity.constructor === metatype && check(entity)) return entity;
      }
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** Whitelist, reject unknown fields, transform; errors become one AppError naming every field once. */
export function validationPipeOptions(): ValidationPipeOptions {
  return {
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    // The target lets the messages state every rule of a field (its limits), not only the failed one.
    validationError: { target: true, value: true },
    exceptionFactory: (errors: ValidationError[]) => validationFailed(flatten(errors)),
  };
}

/** The pipe of every route (`validationPipeOptions`; other options in the spec, which compares both pipes). */
export function createValidationPipe(options = validationPipeOptions()): ValidationPipe {
  return new CheckedValidationPipe(options);
}
