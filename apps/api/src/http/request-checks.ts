import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyAdapter } from '@nestjs/platform-fastify';
import { takeJsonBody } from './json-body';
import { methodNotAllowed, type RouteMethods } from './method-not-allowed';
import { requestTargetProblem } from './request-target';
import { pathOf, sentTarget } from './request-path';
import { securityHeaders } from './security-headers';
import { ProblemDetailsFilter } from './problem-details.filter';
import { sendProblem } from './send-problem';

/**
 * Before anything else of every request (Nest middleware such as the dashboard's files, the 404s too): the
 * security headers, a clean request target, 405 for a known path (or OPTIONS' 204), then the body (JSON only). A
 * refusal goes to the exception filter as problem+json.
 */
export function useRequestChecks(
  adapter: FastifyAdapter,
  methods: RouteMethods,
  bodyLimitBytes: number,
): void {
  adapter.setOnRequestHook((request, reply, done) => {
    const target = sentTarget(request.raw);
    const path = pathOf(target);
    securityHeaders(path, reply.raw);
    const problem = requestTargetProblem(request.raw, target);
    if (problem) return done(problem);
    const verdict = methodNotAllowed(methods, request.method, path, reply);
    if (verdict === null) return;
    if (verdict !== true) return done(verdict);
    const body = takeJsonBody(request, bodyLimitBytes);
    if (body === null) done();
    else body.then(() => done(), done);
  });
}

const problems = new ProblemDetailsFilter();

/**
 * Fastify's router refuses a target it cannot decode (FST_ERR_BAD_URL) before any hook or error handler: it is
 * answered here as the filter would (`sendProblem`), with the security headers (no hook ran) and the request
 * target's own problem (MALFORMED_PATH).
 */
export function routerErrors(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  const url = sentTarget(request.raw);
  securityHeaders(pathOf(url), reply.raw);
  const problem = problems.toProblem(requestTargetProblem(request.raw, url) ?? error);
  problem.instance = url;
  sendProblem(reply, problem);
}
