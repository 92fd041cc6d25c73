import { MethodNotAllowedException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Route {
  readonly pattern: RegExp;
  readonly methods: readonly string[];
}

/** `/api/v1/milestones/{id}/board` → a pattern matching one segment per parameter (case-insensitive, as routed). */
function toRoute(path: string, item: Record<string, unknown>): Route {
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return {
    pattern: new RegExp(`^${source}/?$`, 'i'),
    methods: METHODS.filter((m) => item[m] !== undefined).map((m) => m.toUpperCase()),
  };
}

/** The methods a path answers to, from the served OpenAPI document's paths (every route is in it). */
export function allowedMethods(routes: readonly Route[], path: string): string[] {
  const methods = new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods));
  if (methods.has('GET')) methods.add('HEAD');
  if (methods.size > 0) methods.add('OPTIONS');
  return [...methods].sort();
}

/**
 * Per method, one pattern matching every path that answers to it (one regular expression run per request instead of
 * one per route). HEAD is answered by GET routes.
 */
function routesByMethod(routes: readonly Route[]): Map<string, RegExp> {
  const byMethod = new Map<string, RegExp>();
  for (const m of METHODS) {
    const method = m.toUpperCase();
    const sources = routes.filter((r) => r.methods.includes(method)).map((r) => r.pattern.source);
    if (sources.length > 0) byMethod.set(method, new RegExp(`(?:${sources.join('|')})`, 'i'));
  }
  const get = byMethod.get('GET');
  if (get) byMethod.set('HEAD', get);
  return byMethod;
}

/**
 * A known path with another method is 405 with an `Allow` header (not 404); OPTIONS answers 204 with `Allow`.
 * Unknown paths go on to the 404 (or the dashboard).
 */
export function methodNotAllowed(paths: () => Record<string, object>) {
  let routes: Route[] | undefined;
  let byMethod: Map<string, RegExp> | undefined;
  return (req: Request, res: Response, next: NextFunction): void => {
    routes ??= Object.entries(paths()).map(([p, item]) => toRoute(p, item as Record<string, unknown>));
    byMethod ??= routesByMethod(routes);
    // The common case: a route answers this method here.
    if (byMethod.get(req.method)?.test(req.path)) return next();
    const allowed = allowedMethods(routes, req.path);
    if (allowed.length === 0 || (allowed.includes(req.method) && req.method !== 'OPTIONS')) return next();
    res.setHeader('Allow', allowed.join(', '));
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next(new MethodNotAllowedException(`${req.method} is not allowed here; use ${allowed.join(', ')}`));
  };
}
