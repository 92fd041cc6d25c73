import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { ConsumerRunner } from '@app/event-store';
import { APP_CONFIG, AppError, type AppConfig } from '@app/platform';

/**
 * Read-your-writes: a query carrying `X-Min-Position: <position>` (the position a command returned)
 * waits, at most READ_YOUR_WRITES_TIMEOUT_MS, until every projection has reached it. The response
 * says whether it did (`X-Position-Reached`).
 */
@Injectable()
export class MinPositionInterceptor implements NestInterceptor {
  constructor(
    private readonly runner: ConsumerRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const header = req.headers['x-min-position'];
    if (req.method !== 'GET' || header === undefined) return next.handle();
    const raw = Array.isArray(header) ? header[0] : header;
    if (raw === undefined || !/^\d{1,15}$/.test(raw)) {
      throw new AppError({
        kind: 'validation',
        code: 'INVALID_MIN_POSITION',
        field: 'X-Min-Position',
        message: 'X-Min-Position must be a whole number (a position returned by a command)',
        messageZh: 'X-Min-Position 必须是命令返回的位置（整数）',
      });
    }
    return from(this.runner.waitForPosition(Number(raw), this.config.readYourWritesTimeoutMs)).pipe(
      switchMap((reached) => {
        ctx.switchToHttp().getResponse<Response>().setHeader('X-Position-Reached', String(reached));
        return next.handle();
      }),
    );
  }
}
