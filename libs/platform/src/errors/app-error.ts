/**
 * Kinds of failure, independent of transport. The HTTP layer maps each kind to a status
 * (see ProblemDetailsFilter); the CLI maps them to exit codes.
 */
export const ERROR_KINDS = [
  'validation', // 400
  'unauthorized', // 401
  'forbidden', // 403
  'not_found', // 404
  'conflict', // 409
  'gone', // 410
  'precondition_failed', // 412
  'precondition_required', // 428
  'too_large', // 413
  'unsupported_media_type', // 415
  'unprocessable', // 422
  'rate_limited', // 429
  'unavailable', // 503
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface ErrorInit {
  readonly kind: ErrorKind;
  /** Stable machine-readable code, e.g. `MILESTONE_ALREADY_COMPLETED`. */
  readonly code: string;
  /** English message. */
  readonly message: string;
  /** Chinese message (zh-CN) for people. */
  readonly messageZh: string;
  /** The request field this is about, as a JSON path (`percent`, `indicators[0].actual`). */
  readonly field?: string;
  /** Extra machine-readable facts (e.g. `currentVersion`). */
  readonly details?: Record<string, unknown>;
}

/** Base class of every coded error the application raises on purpose. */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly messageZh: string;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(init: ErrorInit) {
    super(init.message);
    this.name = 'AppError';
    this.kind = init.kind;
    this.code = init.code;
    this.messageZh = init.messageZh;
    this.field = init.field;
    this.details = init.details;
  }
}

/** A 400 about one request field (a query parameter, a body field): its code and the reason, in both languages. */
export function invalidParam(
  field: string,
  code: string,
  message: string,
  messageZh: string,
  details?: Record<string, unknown>,
): AppError {
  return new AppError({
    kind: 'validation',
    code,
    field,
    message,
    messageZh,
    ...(details ? { details } : {}),
  });
}

/** Compile-time exhaustiveness for switches over unions. */
export function assertUnreachable(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
