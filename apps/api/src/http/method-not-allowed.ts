import { MethodNotAllowedException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

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

/** HEAD where GET is answered, OPTIONS wherever anything is; sorted (an `Allow` header's list). */
function withImplied(methods: Set<string>): string[] {
  if (methods.has('GET')) methods.add('HEAD');
  if (methods.size > 0) methods.add('OPTIONS');
  return [...methods].sort();
}

/** The methods a path answers to, from the served OpenAPI document's paths (every route is in it). */
function allowedMethods(routes: readonly Route[], path: string): string[] {
  return withImplied(new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods)));
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

/** The service's routes by method, read once from the served OpenAPI document's paths when first asked. */
export class RouteMethods {
  private table: { routes: Route[]; byMethod: Map<string, RegExp>; all: string[] } | undefined;

  constructor(private readonly paths: () => Record<string, object>) {}

  private get t() {
    if (this.table === undefined) {
      const routes = Object.entries(this.paths()).map(([p, item]) =>
        toRoute(p, item as Record<string, unknown>),
      );
      const all = withImplied(new Set(routes.flatMap((r) => r.methods)));
      this.table = { routes, byMethod: routesByMethod(routes), all };
    }
    return this.table;
  }

  /** Whether a route answers this method at this path (the common case, one regular expression run). */
  answers(method: string, path: string): boolean {
    return this.t.byMethod.get(method)?.test(path) ?? false;
  }

  /** The `Allow` list of a path; empty for a path no route has. */
  at(path: string): string[] {
    return allowedMethods(this.t.routes, path);
  }

  /** Every method some route answers: the `Allow` list of a method no path takes (CONNECT). */
  all(): string[] {
    return this.t.all;
  }
}

/**
 * A known path with another method is 405 with an `Allow` header (not 404); OPTIONS answers 204 with `Allow`.
 * Unknown paths go on to the 404 (or the dashboard). Whether the request goes on (true), or was answered or refused.
 */
export function methodNotAllowed(
  methods: RouteMethods,
  method: string,
  path: string,
  reply: FastifyReply,
): true | MethodNotAllowedException | null {
  if (methods.answers(method, path)) return true;
  const allowed = methods.at(path);
  if (allowed.length === 0 || (allowed.includes(method) && method !== 'OPTIONS')) return true;
  reply.header('Allow', allowed.join(', '));
  if (method === 'OPTIONS') {
    void reply.code(204).send();
    return null;
  }
  return new MethodNotAllowedException(`${method} is not allowed here; use ${allowed.join(', ')}`);
}
