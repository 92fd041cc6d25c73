import type { FastifyReply } from 'fastify';
import { AppError, type ErrorInit } from '@app/platform';

/** Marks an answer as another request's with the same Idempotency-Key (its stored answer, or its command found). */
export function markReplayed(reply: FastifyReply): void {
  reply.header('Idempotent-Replayed', 'true');
}

/** A 4xx problem answered again from an Idempotency-Key's stored answer: the problem filter marks it replayed. */
export class ReplayedProblem extends AppError {}

/** What an Idempotency-Key stores of a 4xx problem, to answer it again as a `ReplayedProblem`. */
export function storedProblem(e: AppError): ErrorInit {
  return {
    kind: e.kind,
    code: e.code,
    message: e.message,
    messageZh: e.messageZh,
    ...(e.field !== undefined ? { field: e.field } : {}),
    ...(e.details !== undefined ? { details: e.details } : {}),
  };
}
