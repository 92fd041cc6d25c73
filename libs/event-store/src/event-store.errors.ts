import { AppError } from '@app/platform';
import type { ExpectedVersion } from './event-store.port';

const expectedLabel = (expected: ExpectedVersion): string =>
  typeof expected === 'object' ? `${expected.version} ending with ${expected.eventId}` : String(expected);

export class WrongExpectedVersionError extends AppError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actualVersion: number,
  ) {
    super({
      kind: 'conflict',
      code: 'WRONG_EXPECTED_VERSION',
      message: `Stream ${streamId} is at version ${actualVersion}, not ${expectedLabel(expected)}`,
      messageZh: `数据已被他人修改：当前版本为 ${actualVersion}，请刷新后重试`,
      details: {
        streamId,
        expectedVersion: typeof expected === 'object' ? expected.version : expected,
        currentVersion: actualVersion,
      },
    });
  }
}

export class EventIdReusedError extends AppError {
  constructor(readonly eventIds: readonly string[]) {
    super({
      kind: 'unprocessable',
      code: 'EVENT_ID_REUSED',
      message: `Event id already used with other content: ${eventIds.join(', ')}`,
      messageZh: '该事件标识已用于不同的内容',
      details: { eventIds },
    });
  }
}

/**
 * The transaction of an append failed as a whole (connection lost, server restarting, statement
 * cancelled): it was recorded entirely or not at all. The same append again (same event ids) is safe:
 * if the first one was committed after all, it answers with the first result.
 */
export class AppendInterruptedError extends AppError {
  /** The database's error (not shown to clients: it may name hosts and ports). */
  readonly reason: unknown;

  constructor(reason: unknown) {
    super({
      kind: 'unavailable',
      code: 'APPEND_INTERRUPTED',
      message:
        'The append was interrupted by a database failure; repeat the same request (events already recorded are not appended twice)',
      messageZh: '写入因数据库故障中断，请以相同请求重试（已记录的事件不会重复写入）',
    });
    this.reason = reason;
    this.stack = `${this.stack ?? ''}\nCaused by: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`;
  }
}

/**
 * An append's Idempotency-Key claim (AppendClaim) found the key claimed already: nothing was appended. Not an answer
 * of its own: the caller looks up the key's record (its answer, the request still running, or another request's key).
 */
export class KeyClaimedError extends Error {
  constructor(readonly key: string) {
    super(`the idempotency key ${JSON.stringify(key)} is already claimed`);
    this.name = 'KeyClaimedError';
  }
}
