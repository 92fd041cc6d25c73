import { AppError } from '@app/platform';

// The refusals of an Idempotency-Key itself (their field: the header).

/** Not 1–200 visible ASCII characters. */
export const invalidIdempotencyKey = (): AppError =>
  new AppError({
    kind: 'validation',
    code: 'INVALID_IDEMPOTENCY_KEY',
    field: 'Idempotency-Key',
    message: 'Idempotency-Key must be 1–200 visible ASCII characters',
    messageZh: 'Idempotency-Key 必须是 1–200 个可见 ASCII 字符',
  });

/** The key was used before with another request. */
export const idempotencyKeyReused = (): AppError =>
  new AppError({
    kind: 'unprocessable',
    code: 'IDEMPOTENCY_KEY_REUSED',
    field: 'Idempotency-Key',
    message: 'This Idempotency-Key was already used for a different request',
    messageZh: '该 Idempotency-Key 已用于另一个不同的请求',
  });

/** The first request with the key is still running (its owner alive), past the wait. */
export const idempotencyKeyInProgress = (): AppError =>
  new AppError({
    kind: 'conflict',
    code: 'IDEMPOTENCY_KEY_IN_PROGRESS',
    field: 'Idempotency-Key',
    message: 'A request with this Idempotency-Key is still being processed; retry later',
    messageZh: '使用该 Idempotency-Key 的请求仍在处理中，请稍后重试',
  });
