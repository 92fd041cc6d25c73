import { AppError } from '@app/platform';
import type { ExpectedVersion } from './event-store.port';

export class WrongExpectedVersionError extends AppError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actualVersion: number,
  ) {
    super({
      kind: 'conflict',
      code: 'WRONG_EXPECTED_VERSION',
      message: `Stream ${streamId} is at version ${actualVersion}, not ${String(expected)}`,
      messageZh: `数据已被他人修改：当前版本为 ${actualVersion}，请刷新后重试`,
      details: { streamId, expectedVersion: expected, currentVersion: actualVersion },
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
