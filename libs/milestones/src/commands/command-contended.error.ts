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

/** The same for a report on a standing item (常态化事项): STANDING_ITEM_BUSY, 503, nothing written. */
export function standingItemContended(itemId: string, retryAfterSeconds: number): AppError {
  return new AppError({
    kind: 'unavailable',
    code: 'STANDING_ITEM_BUSY',
    message: `Standing item ${itemId} is being reported on by many requests at once; nothing was recorded, retry in ${retryAfterSeconds} s`,
    messageZh: `常态化事项 ${itemId} 正被大量请求同时填报，本次未记录，请 ${retryAfterSeconds} 秒后重试`,
    details: { itemId, retryAfterSeconds },
  });
}
