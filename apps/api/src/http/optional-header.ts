import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * One request header's value, or undefined. Unlike `@Headers(name)`, it adds nothing to the OpenAPI document
 * (which would mark the header required): the route documents it itself with `@ApiHeader({ required: false })`.
 * Node joins repeated headers with ", ", so a header sent twice is one value the route can refuse.
 */
export const OptionalHeader = createParamDecorator(
  (name: string, ctx: ExecutionContext): string | undefined => {
    const value = ctx.switchToHttp().getRequest<FastifyRequest>().headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  },
);
