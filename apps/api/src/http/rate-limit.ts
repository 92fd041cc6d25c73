import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { bearerActor, type TokenService } from '@app/access';
import { SlidingWindowStorage } from './rate-limit-storage';

/**
 * One budget of `perMinute` requests per client across all routes. A client is its token when the request
 * carries a valid one (units behind one NAT are apart), else its address (`req.ip`: the socket's, or the one a
 * trusted proxy reports; see TRUST_PROXY), so an unknown token buys no budget of its own. Counted in constant
 * time per request (`SlidingWindowStorage`).
 */
export function rateLimitOptions(perMinute: number, tokens: TokenService): ThrottlerModuleOptions {
  return {
    throttlers: [{ name: 'default', ttl: 60_000, limit: perMinute }],
    storage: new SlidingWindowStorage(),
    getTracker: async (req) => {
      const actor = await bearerActor(req as FastifyRequest, tokens);
      return actor ? `token:${actor.tokenId}` : `ip:${String(req.ip)}`;
    },
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
  };
}
