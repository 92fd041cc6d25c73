/**
 * The client's append errors ↔ the port's, with no I/O, and the error of an incomplete multi-stream
 * append. Covered by `kurrentdb-errors.spec.ts`.
 */
import {
  type AppendResult as KurrentAppendResult,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { AppError } from '@app/platform';
import type { ExpectedVersion } from '../event-store.port';
import { WrongExpectedVersionError } from '../event-store.errors';
import { actualVersionOf } from './kurrentdb-versions';

/** The client's WrongExpectedVersionError → the port's, with the actual version; anything else as is. */
export function mapAppendError(error: unknown, streamId: string, expected: ExpectedVersion): unknown {
  if (error instanceof KurrentWrongExpectedVersionError) {
    return new WrongExpectedVersionError(streamId, expected, actualVersionOf(error.actualState));
  }
  return error;
}

/**
 * A client made with `throwOnAppendFailure=false` (a connection-string option) resolves a conflict as
 * `{ success: false, nextExpectedRevision }` instead of throwing: treat it as the conflict it is.
 */
export function checkAppendResult(
  result: KurrentAppendResult,
  streamId: string,
  expected: ExpectedVersion,
): void {
  if (result.success) return;
  throw new WrongExpectedVersionError(streamId, expected, actualVersionOf(result.nextExpectedRevision));
}

/**
 * KurrentDB has no transaction across streams on the API this adapter uses: `appendMulti` appends one
 * stream after another. When a later append fails after earlier ones were written, the call is
 * incomplete; the same request again (same event ids) completes it, because the written part is
 * recognised by its ids and returns its original result.
 */
export class MultiStreamAppendIncompleteError extends AppError {
  constructor(
    readonly writtenStreams: readonly string[],
    readonly failedStream: string,
    readonly reason: unknown,
  ) {
    const why = reason instanceof Error ? reason.message : String(reason);
    super({
      kind: 'unavailable',
      code: 'MULTI_STREAM_APPEND_INCOMPLETE',
      message:
        `Appended to ${writtenStreams.join(', ')} but not to ${failedStream} (${why}); ` +
        'repeat the same request (same event ids) to complete it',
      messageZh: '多流写入未完成：部分事件已写入，请以相同请求重试以完成写入',
      details: { writtenStreams, failedStream, reason: why },
    });
  }
}
