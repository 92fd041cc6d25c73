import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject } from '@nestjs/swagger';
import { ROLES, type RouteAccess, routeAccess } from '@app/access';
import { MAY_NOT_FIND } from './may-not-find';
import { problemContent } from './problem-schema';

/** What the rule set reads of a route: its access (as AuthGuard reads it) and what it looks up (@MayNotFind). */
export interface RouteRules extends RouteAccess {
  readonly lookups: Readonly<Record<string, string>> | undefined;
}

/**
 * The rules of every route, by the operationId the document gives it (`<Controller>_<method>`, the explorer's
 * default): what AuthGuard reads (@Public, @Roles on the handler or its class) and @MayNotFind.
 */
export function rulesByOperationId(app: INestApplication): Map<string, RouteRules> {
  const reflector = app.get(Reflector);
  const out = new Map<string, RouteRules>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller?.prototype) continue;
      const proto = controller.prototype as object;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const lookups = reflector.getAllAndOverride<RouteRules['lookups']>(MAY_NOT_FIND, [
          handler,
          controller,
        ]);
        out.set(`${controller.name}_${name}`, { ...routeAccess(reflector, handler, controller), lookups });
      }
    }
  }
  return out;
}

/** The 400 of every route (query-names.ts), whatever else its 400 says. */
const UNDECLARED_QUERY = 'VALIDATION_FAILED: a query parameter the route does not declare (`field` names it)';

/** An operation's parameters, those it refers to (`#/components/parameters/…`) read. */
export function parametersOf(document: OpenAPIObject, op: OperationObject): ParameterObject[] {
  const named = document.components?.parameters ?? {};
  const read = (p: ParameterObject | ReferenceObject | undefined): ParameterObject[] =>
    p === undefined ? [] : '$ref' in p ? read(named[p.$ref.replace('#/components/parameters/', '')]) : [p];
  return (op.parameters ?? []).flatMap(read);
}

/**
 * The errors a route answers by rule, from what it is: a route that needs a token → 401 and 429 (the rate
 * limit counts every such request); one with @Roles short of every role → 403; @MayNotFind → 404 (each
 * parameter it looks up, with the code); any route → 400 (an undeclared query parameter, an invalid field); a JSON body → 413 and 415 (the body reader). With
 * the condition as the description; a route's own decorator (409, 412, 422, or a more precise 400…) says more.
 */
export function ruleErrors(
  op: OperationObject,
  params: readonly ParameterObject[],
  access: RouteRules,
): Record<string, string> {
  const json =
    op.requestBody !== undefined &&
    'content' in op.requestBody &&
    'application/json' in op.requestBody.content;
  const out: Record<string, string> = {};
  // Every route refuses a query parameter it does not declare (query-names.ts).
  out['400'] =
    `${UNDECLARED_QUERY}, or another code: a parameter, header or body field that is invalid ` +
    '(`field` and `errors` name it)';
  if (!access.public) out['401'] = 'TOKEN_REQUIRED: no valid bearer token (Authorization: Bearer pm_…)';
  const roles = access.roles;
  if (!access.public && roles && ROLES.some((r) => r !== 'admin' && !roles.includes(r))) {
    out['403'] = `FORBIDDEN_ROLE: only ${[...new Set(['admin', ...roles])].join(', ')}`;
  }
  if (access.lookups) {
    out['404'] = Object.entries(access.lookups)
      .map(([param, what]) => `${what} (\`${param}\`)`)
      .join('; ');
  }
  if (json) {
    out['413'] = 'BODY_TOO_LARGE: the body is above BODY_LIMIT_BYTES';
    out['415'] = 'UNSUPPORTED_MEDIA_TYPE: the body must be application/json (UTF-8)';
  }
  if (params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')) {
    out['422'] = 'IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was used before with another request';
  }
  if (!access.public) out['429'] = 'RATE_LIMITED: too many requests (RATE_LIMIT_PER_MINUTE); see Retry-After';
  // Every route but the liveness probe reads the database (the token's check included).
  if (op.operationId !== 'HealthController_live') {
    out['503'] =
      'DATABASE_UNAVAILABLE (or APPEND_INTERRUPTED): the database cannot be reached or did not answer in time; retry after Retry-After (a command with the same Idempotency-Key)';
  }
  return out;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Completes the error answers of every operation: the ones by rule added (a route's own description kept), each
 * error without a body of its own described as problem+json (the ProblemDetails component), a 429's
 * Retry-After, and no security requirement on a public route. Throws on an operation of no known route.
 */
export function addRuleErrors(document: OpenAPIObject, access: Map<string, RouteRules>): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const rules = access.get(op.operationId ?? '');
      if (!rules) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} (${op.operationId}) is no route`);
      if (rules.public) op.security = [];
      for (const [status, description] of Object.entries(ruleErrors(op, parametersOf(document, op), rules))) {
        const own = op.responses[status];
        if (!own) op.responses[status] = { description };
        // A route's own 400 says more of its fields; the rule of every route is said as well.
        else if (status === '400' && !('$ref' in own)) own.description += `; or ${UNDECLARED_QUERY}`;
      }
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400 || !response || '$ref' in response) continue;
        response.content ??= problemContent();
        if (status === '429' || status === '503') {
          response.headers = {
            ...response.headers,
            'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } },
          };
        }
      }
    }
  }
}
