import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConsumerRunner } from '@app/event-store';
import { APP_CONFIG, AppError, type AppConfig } from '@app/platform';

/**
 * Read-your-writes: a query carrying `X-Min-Position: <position>` (the position a command returned)
 * waits, at most READ_YOUR_WRITES_TIMEOUT_MS, until every projection has reached it. The response
 * says whether it did (`X-Position-Reached`). The last of the guards (after the undeclared query parameters:
 * a refused request waits for nothing), before the handler; a guard rather than an interceptor, so that no
 * request passes an interceptor chain.
 */
@Injectable()
export class MinPositionGuard implements CanActivate {
  constructor(
    private readonly runner: ConsumerRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(ctx: ExecutionContext): boolean | Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const header = req.headers['x-min-position'];
    if (req.method !== 'GET' || header === undefined) return true;
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
    return this.runner.waitForPosition(Number(raw), this.config.readYourWritesTimeoutMs).then((reached) => {
      void ctx.switchToHttp().getResponse<FastifyReply>().header('X-Position-Reached', String(reached));
      return true;
    });
  }
}
