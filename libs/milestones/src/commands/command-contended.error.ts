import { AppError } from '@app/platform';

/**
 * A command without If-Match could not be recorded before its deadline because other writers kept changing the
 * milestone (or too many commands wait for it in this process): 503, try again after `retryAfterSeconds`.
 * Nothing was written.
 */
export class CommandContendedError extends AppError {
  constructor(
    readonly milestoneId: string,
    readonly retryAfterSeconds: number,
  ) {
    super({
      kind: 'unavailable',
      code: 'MILESTONE_BUSY',
      message: `Milestone ${milestoneId} is being changed by many requests at once; nothing was recorded, retry in ${retryAfterSeconds} s`,
      messageZh: `里程碑 ${milestoneId} 正被大量请求同时修改，本次未记录，请 ${retryAfterSeconds} 秒后重试`,
      details: { milestoneId, retryAfterSeconds },
    });
  }
}
