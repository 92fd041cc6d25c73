import { ApiProperty, type ApiPropertyOptions, type SchemaObject } from '@nestjs/swagger';
import { SHOWN_FACTS } from '@app/read-models';

/*
 * The board's shown facts (`ShownFacts`) in the OpenAPI document, derived from the fact columns (`SHOWN_FACTS`: the
 * state's field, the column's SQL type, whether it may be null): a new column changes no DTO here, only the
 * generated docs/openapi.json and the dashboard's api/openapi.d.ts.
 */

/** The OpenAPI schema of a column's SQL type (an array type `text[]` as an array of its element). */
export function sqlTypeSchema(sqlType: string): SchemaObject {
  if (sqlType.endsWith('[]')) return { type: 'array', items: sqlTypeSchema(sqlType.slice(0, -2)) };
  switch (sqlType) {
    case 'text':
      return { type: 'string' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'integer':
    case 'bigint':
      return { type: 'integer' };
    case 'real':
    case 'numeric':
    case 'double precision':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    default:
      throw new Error(`No OpenAPI type for the SQL type ${sqlType}: add it to sqlTypeSchema`);
  }
}

/** Documents every shown fact as a property of `target` (a response DTO whose view extends `ShownFacts`). */
export function withShownFacts(target: { readonly prototype: object }): void {
  for (const f of SHOWN_FACTS) {
    const schema = { ...sqlTypeSchema(f.type), ...(f.nullable ? { nullable: true } : {}) };
    ApiProperty(schema as ApiPropertyOptions)(target.prototype, f.field);
  }
}
