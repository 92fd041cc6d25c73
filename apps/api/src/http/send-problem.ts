import type { FastifyReply } from 'fastify';
import { PROBLEM_JSON } from './client-error';
import { weakTag } from './entity-tag';
import { markReplayed } from './idempotent-replayed';
import type { ProblemDetails } from './problem-details.filter';

/** `Retry-After` of a 503: an outage of the database (a restart, a failover, space freed) takes seconds. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * How a problem leaves, the one place for it: its status, `Retry-After` on a 429 or a 503, the replay mark, the
 * problem+json type, the body and its ETag (written here, not left to the `onSend` hook: Fastify's router errors
 * are answered where no hook runs). The exception filter and `routerErrors` send every problem through it; the
 * security headers are the `onRequest` hook's (`routerErrors` writes them itself).
 */
export function sendProblem(reply: FastifyReply, problem: ProblemDetails, replayed = false): void {
  if (replayed) markReplayed(reply);
  if (problem.status === 429) reply.header('Retry-After', '60');
  if (problem.status === 503) {
    // A contended milestone or standing item names its own wait (MILESTONE_BUSY, STANDING_ITEM_BUSY: 1 s); an outage takes longer.
    const own = problem.retryAfterSeconds;
    reply.header('Retry-After', String(typeof own === 'number' ? own : RETRY_AFTER_SECONDS));
  }
  const body = JSON.stringify(problem);
  void reply.code(problem.status).type(PROBLEM_JSON).header('ETag', weakTag(body)).send(body);
}
