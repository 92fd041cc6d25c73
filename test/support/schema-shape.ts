/** A small structural check of a JSON value against a schema of the served OpenAPI document (no validator library). */

type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
};
type Doc = { components: { schemas: Record<string, Schema> } };

const typeOf = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? 'integer'
          : 'number'
        : typeof v;

/**
 * Where `value` breaks `schema` (a `$ref` read): its type (an integer is a number too), an enum, a required
 * property absent, and so on down its properties and items. [] when it fits.
 */
export function shapeErrors(doc: Doc, schema: Schema, value: unknown, at = '$'): string[] {
  const s = schema.$ref ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
  if (!s) return [`${at}: ${schema.$ref} is no component`];
  const actual = typeOf(value);
  if (s.type && s.type !== actual && !(s.type === 'number' && actual === 'integer')) {
    return [`${at} is ${actual}, documented ${s.type}`];
  }
  if (s.enum && !s.enum.includes(value)) return [`${at} ${JSON.stringify(value)} is not in the enum`];
  if (actual === 'array' && s.items) {
    return (value as unknown[]).flatMap((v, i) => shapeErrors(doc, s.items!, v, `${at}[${i}]`));
  }
  if (actual !== 'object') return [];
  const o = value as Record<string, unknown>;
  return [
    ...(s.required ?? []).filter((k) => !(k in o)).map((k) => `${at}.${k} is required but absent`),
    ...Object.entries(s.properties ?? {})
      .filter(([k]) => k in o)
      .flatMap(([k, p]) => shapeErrors(doc, p, o[k], `${at}.${k}`)),
  ];
}
