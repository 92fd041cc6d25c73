/** Reading the served OpenAPI document in tests: success responses and the property names a schema documents. */

export type Schema = {
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  items?: Schema;
  type?: string;
};
type Operation = { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> };
export type OpenApiDoc = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * Every operation whose success is undocumented: no 2xx with a schema in each of its media types, and not a 204
 * (no body). As `METHOD path (what is missing)`.
 */
export function undocumentedSuccesses(doc: OpenApiDoc): string[] {
  const out: string[] = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item).filter(([m]) => METHODS.includes(m))) {
      const successes = Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
      const name = `${method.toUpperCase()} ${p}`;
      if (successes.length === 0) out.push(`${name} (no 2xx response)`);
      for (const [code, r] of successes) {
        if (code === '204') {
          if (r.content) out.push(`${name} (204 with a body)`);
          continue;
        }
        const media = Object.entries(r.content ?? {});
        if (media.length === 0) out.push(`${name} (${code} without content)`);
        for (const [type, m] of media) if (!m.schema) out.push(`${name} (${code} ${type} without a schema)`);
      }
    }
  }
  return out;
}

/**
 * Every schema, at any depth of a component's properties, items and maps, that names no type: `{}` or an object
 * without properties or a map's values (what a DTO property typed by a union alias becomes without `enum`: the
 * generated type is then `Record<string, never>`). As `Schema.property…`; [] when every one is typed.
 */
export function untypedSchemas(doc: OpenApiDoc): string[] {
  const walk = (s: Schema, at: string): string[] => {
    const parts = [...(s.allOf ?? []), ...(s.oneOf ?? []), ...(s.anyOf ?? [])];
    const opaque = s.type === undefined || (s.type === 'object' && !s.properties && !s.additionalProperties);
    const values = typeof s.additionalProperties === 'object' ? [s.additionalProperties] : [];
    return [
      ...(opaque && !s.$ref && !s.enum && parts.length === 0 ? [at] : []),
      ...Object.entries(s.properties ?? {}).flatMap(([k, p]) => walk(p, `${at}.${k}`)),
      ...(s.items ? walk(s.items, `${at}[]`) : []),
      ...values.flatMap((v) => walk(v, `${at}{}`)),
      ...parts.flatMap((x) => walk(x, at)),
    ];
  };
  return Object.entries(doc.components.schemas).flatMap(([name, s]) => walk(s, name));
}

/** The schema of the value null (`#/components/schemas/Null`, or inline): only null is valid. */
const onlyNull = (doc: OpenApiDoc, s: Schema): boolean => {
  const r = s.$ref ? doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]! : s;
  return r.enum?.length === 1 && r.enum[0] === null;
};

/**
 * A schema with its `$ref` resolved, its `allOf` merged (properties and required) and a `oneOf` of one schema or
 * null read as that schema (a null value is not looked into).
 */
export function resolved(doc: OpenApiDoc, s: Schema): Schema {
  if (s.$ref) return resolved(doc, doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]!);
  const values = s.oneOf?.filter((x) => !onlyNull(doc, x));
  if (values?.length === 1)
    return resolved(doc, { ...s, oneOf: undefined, allOf: [...(s.allOf ?? []), values[0]!] });
  if (!s.allOf) return s;
  const parts = s.allOf.map((x) => resolved(doc, x));
  return {
    ...s,
    properties: Object.assign({}, s.properties, ...parts.map((x) => x.properties)),
    required: [...(s.required ?? []), ...parts.flatMap((x) => x.required ?? [])],
  };
}

/** The JSON schema of an operation's 200. */
export function okSchema(doc: OpenApiDoc, method: string, path: string): Schema {
  const schema = doc.paths[path]?.[method]?.responses?.['200']?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method} ${path}: no JSON 200 documented`);
  return resolved(doc, schema);
}

/**
 * Where a real value and its schema disagree, all the way down: properties the schema does not name, required ones
 * absent (`where.name`). Objects documented as free-form (no `properties`) are not looked into, unless `strict`: then
 * each is a disagreement of its own (a map's values are checked against its `additionalProperties` schema), and so
 * is an array documented without `items`. [] when they agree.
 */
export function disagreements(
  doc: OpenApiDoc,
  schema: Schema,
  value: unknown,
  where: string,
  strict = false,
): string[] {
  const s = resolved(doc, schema);
  const down = (sub: Schema, v: unknown, at: string) => disagreements(doc, sub, v, at, strict);
  if (Array.isArray(value)) {
    if (!s.items) return strict ? [`${where} is documented as an array of anything`] : [];
    return value.flatMap((v, i) => down(s.items!, v, `${where}[${i}]`));
  }
  if (value === null || typeof value !== 'object') return [];
  const entries = Object.entries(value as Record<string, unknown>);
  if (!s.properties) {
    if (!strict) return [];
    const values = s.additionalProperties;
    if (typeof values !== 'object') return [`${where} is documented as a free-form object`];
    return entries.flatMap(([k, v]) => down(values, v, `${where}.${k}`));
  }
  const documented = s.properties;
  const present = entries.map(([k]) => k);
  return [
    ...present.filter((k) => !(k in documented)).map((k) => `${where}.${k} is not documented`),
    ...(s.required ?? [])
      .filter((k) => !present.includes(k))
      .map((k) => `${where}.${k} is required but absent`),
    ...entries.filter(([k]) => k in documented).flatMap(([k, v]) => down(documented[k]!, v, `${where}.${k}`)),
  ];
}
