/**
 * The routes to fuzz, read from the served OpenAPI document: method, path template, parameters and body
 * schema. A route added to the service is fuzzed without touching the suite.
 */

export interface Schema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly example?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: Schema;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly $ref?: string;
  readonly allOf?: readonly Schema[];
}

export interface Param {
  readonly name: string;
  readonly required: boolean;
  readonly schema: Schema;
}

export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly query: readonly Param[];
  readonly headers: readonly Param[];
  /** The JSON body's schema (resolved), if the route takes a body. */
  readonly body: Schema | undefined;
  /** Needs a bearer token (every route but health and the docs). */
  readonly authenticated: boolean;
  readonly writes: boolean;
}

interface RawParam {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}
interface RawOperation {
  parameters?: RawParam[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Replaces `$ref`s (and single `allOf`s) with the schemas they name, recursively. */
export function resolver(doc: OpenApiDocument): (s: Schema | undefined) => Schema | undefined {
  const resolve = (s: Schema | undefined, depth = 0): Schema | undefined => {
    if (!s || depth > 10) return s;
    if (s.$ref)
      return resolve(doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')], depth + 1);
    if (s.allOf?.length === 1) return resolve(s.allOf[0], depth + 1);
    const properties = s.properties
      ? Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, resolve(v, depth + 1) ?? {}]))
      : undefined;
    return {
      ...s,
      ...(properties ? { properties } : {}),
      ...(s.items ? { items: resolve(s.items, depth + 1) } : {}),
    };
  };
  return resolve;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const resolve = resolver(doc);
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = op.parameters ?? [];
      const of = (where: string): Param[] =>
        params
          .filter((p) => p.in === where)
          .map((p) => ({ name: p.name, required: p.required ?? false, schema: resolve(p.schema) ?? {} }));
      out.push({
        method: method.toUpperCase(),
        path,
        pathParams: of('path').map((p) => p.name),
        query: of('query'),
        headers: of('header'),
        body: resolve(op.requestBody?.content?.['application/json']?.schema),
        authenticated: !path.startsWith('/health/'),
        writes: method !== 'get',
      });
    }
  }
  return out;
}
