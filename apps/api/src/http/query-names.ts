import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { parametersOf } from './openapi/route-errors';
import { type FieldError, validationFailed } from './validation';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** At most this many undeclared parameters are named in one answer. */
const MAX_NAMED = 10;

/**
 * The query parameters each route declares, by operationId (`<Controller>_<method>`), from the served OpenAPI
 * document: what the explorer read of the route's query DTO, its `@Query('name')` parameters and its @ApiQuery.
 */
export function declaredQueryNames(document: OpenAPIObject): Map<string, ReadonlySet<string>> {
  const out = new Map<string, ReadonlySet<string>>();
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op?.operationId) continue;
      const names = parametersOf(document, op)
        .filter((p) => p.in === 'query')
        .map((p) => p.name);
      out.set(op.operationId, new Set(names));
    }
  }
  return out;
}

/** One entry of the 400's `errors` for a query parameter the route does not declare. */
export function undeclaredQueryParameter(name: string, declared: ReadonlySet<string>): FieldError {
  const list = [...declared];
  return {
    field: name,
    code: 'whitelistValidation',
    message:
      `is not a query parameter of this route (it takes ` + `${list.length > 0 ? list.join(', ') : 'none'})`,
    messageZh:
      `此接口没有查询参数「${name}」` +
      (list.length > 0 ? `（可用的参数：${list.join('、')}）` : '（它不接受查询参数）'),
  };
}

/**
 * One rule for every route, whatever way it reads its query (a DTO, `@Query('name')`, none): a query parameter
 * it does not declare is 400 VALIDATION_FAILED naming it, before the handler (nothing is written). The last but
 * one of the guards (after the rate limit and the AuthGuard: 401/403 first, as the DTO's own whitelist was; before
 * the read-your-writes wait): a guard, not an interceptor, so that a request passes no interceptor chain at all.
 */
@Injectable()
export class UndeclaredQueryGuard implements CanActivate {
  private document: (() => OpenAPIObject) | undefined;
  private declared: Map<string, ReadonlySet<string>> | undefined;

  /** The served document (`createApp` gives it once the app exists); until then nothing is judged. */
  readDeclarationsFrom(document: () => OpenAPIObject): void {
    this.document = document;
  }

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http' || !this.document) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    // No query string, no parameters (nothing to look up for most commands).
    if (!req.url.includes('?')) return true;
    this.declared ??= declaredQueryNames(this.document());
    const names = this.declared.get(`${ctx.getClass().name}_${ctx.getHandler().name}`) ?? new Set<string>();
    const query = req.query as Record<string, unknown>;
    const unknown = Object.keys(query).filter((k) => !names.has(k));
    // (the first few named: each entry repeats what the route takes, and a URL may carry a thousand names)
    const named = unknown.slice(0, MAX_NAMED);
    if (named.length > 0) throw validationFailed(named.map((k) => undeclaredQueryParameter(k, names)));
    return true;
  }
}
