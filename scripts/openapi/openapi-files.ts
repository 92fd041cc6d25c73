import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/** The served OpenAPI document, kept in the repository (diffs show what an API change changes). */
export const OPENAPI_JSON = 'docs/openapi.json';
/** The dashboard's types of that document (`components['schemas'][…]`), which `api/types.ts` names. */
export const OPENAPI_TYPES = 'apps/dashboard/src/api/openapi.d.ts';

/** The files `npm run openapi` writes for a document, by path from the repository root. */
export function openApiFiles(document: object): Record<string, string> {
  const json = `${JSON.stringify(document, null, 2)}\n`;
  const types = execFileSync(process.execPath, [path.join(__dirname, 'generate-types.js')], {
    input: json,
    maxBuffer: 64 * 1024 * 1024,
  }).toString('utf8');
  return { [OPENAPI_JSON]: json, [OPENAPI_TYPES]: types };
}
