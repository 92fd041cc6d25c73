import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';

/** The component of the value null: OpenAPI 3.0 has no null type, but a nullable schema whose only value is null. */
export const NULL_SCHEMA = 'Null';

const NULL_REF: ReferenceObject = { $ref: `#/components/schemas/${NULL_SCHEMA}` };

type Node = SchemaObject & Record<string, unknown>;

/**
 * `nullable` only adds null to the `type` beside it (OAS 3.0.3): `{ nullable, allOf: [$ref] }` (how the explorer
 * writes a nullable class or named enum) or `{ nullable, oneOf: [...] }` without a type still refuse null in their
 * parts. Rewrites each as `oneOf: [...parts, Null]`, what strict 3.0 validators and generators read as "or null".
 */
export function nullAsBranch(document: OpenAPIObject): void {
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    for (const value of Object.values(node)) walk(value);
    const s = node as Node;
    if (s.nullable !== true) return;
    const parts = s.allOf?.length === 1 ? s.allOf : s.type === undefined ? (s.oneOf ?? s.anyOf) : undefined;
    if (!parts) return;
    const { nullable: _n, allOf: _a, anyOf: _any, oneOf: _o, type: _t, ...rest } = s;
    for (const key of Object.keys(s)) Reflect.deleteProperty(s, key);
    Object.assign(s, rest, { oneOf: [...parts, NULL_REF] });
  };
  walk(document.components?.schemas);
  walk(document.paths);
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      [NULL_SCHEMA]: {
        // Any type would do (only null is listed); with `object`, openapi-typescript writes `never | null`.
        type: 'string',
        nullable: true,
        enum: [null],
        description:
          'the value null (OpenAPI 3.0 has no null type: a nullable schema whose only value is null)',
      },
    },
  };
}
