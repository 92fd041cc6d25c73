import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { methodNotAllowed, type RouteMethods } from './method-not-allowed';
import { requestTargetProblem } from './request-target';
import { pathOf } from './request-path';
import { securityHeaders } from './security-headers';
import { ProblemDetailsFilter } from './problem-details.filter';
import { PROBLEM_JSON } from './client-error';
import { weakTag } from './entity-tag';

/**
 * Before any route, for every request (the 404s too): the security headers, a clean request target, 405 for a
 * known path (or OPTIONS' 204). A refusal goes to the exception filter as problem+json.
 */
export function useRequestChecks(fastify: FastifyInstance, methods: RouteMethods): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const path = pathOf(request.raw.url ?? '/');
    securityHeaders(path, reply.raw);
    const problem = requestTargetProblem(request.raw);
    if (problem) return done(problem);
    const verdict = methodNotAllowed(methods, request.method, path, reply);
    if (verdict === true) done();
    else if (verdict !== null) done(verdict);
  });
}

const problems = new ProblemDetailsFilter();

/**
 * Fastify's router refuses a target it cannot decode (FST_ERR_BAD_URL) before any hook or error handler: it is
 * answered here as the filter would, with the security headers and the request target's own problem
 * (MALFORMED_PATH).
 */
export function routerErrors(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  const url = request.raw.url ?? '/';
  securityHeaders(pathOf(url), reply.raw);
  const problem = problems.toProblem(requestTargetProblem(request.raw) ?? error);
  problem.instance = url;
  const body = JSON.stringify(problem);
  void reply.code(problem.status).type(PROBLEM_JSON).header('ETag', weakTag(body)).send(body);
}
