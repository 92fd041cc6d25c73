import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { fieldLabelZh } from '@app/milestones';
import { AppError } from '@app/platform';
import { shown } from './validation-messages';

/** A whole-number path parameter's value, or 400 VALIDATION_FAILED naming it, what it must be and what was sent. */
export function wholeNumberParam(value: string, field: string): number {
  if (/^\d{1,9}$/.test(value)) return Number(value);
  const message = `path parameter ${field} must be a whole number, e.g. 6; got ${JSON.stringify(value)}`;
  const messageZh = `路径中的「${fieldLabelZh(field)}」须为整数（例如 6），收到 ${shown(value)}`;
  throw new AppError({
    kind: 'validation',
    code: 'VALIDATION_FAILED',
    field,
    message,
    messageZh,
    details: { errors: [{ field, code: 'isInt', message, messageZh }] },
  });
}

/**
 * `@WholeNumberPath('no')`: a path parameter that is a whole number (`GET /tasks/:no`), read as sent (the global
 * ValidationPipe would have made `abc` NaN before a pipe saw it; Nest's ParseIntPipe says only "Validation failed",
 * without the field). Document it with `@ApiParam({ name, type: Number })`.
 */
export const WholeNumberPath = createParamDecorator((name: string, ctx: ExecutionContext): number => {
  const params = ctx.switchToHttp().getRequest<FastifyRequest>().params as Record<string, string | undefined>;
  return wholeNumberParam(String(params[name] ?? ''), name);
});
