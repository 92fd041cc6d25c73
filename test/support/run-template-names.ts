import { Client } from 'pg';
// eslint-disable-next-line no-restricted-imports -- jest's global setup and teardown run without moduleNameMapper
import { databaseNameOf } from '../../libs/platform/src/database/database-url';

/*
 * The template databases of a jest run by name (see run-templates.ts), known to the global setup and teardown too:
 * `<server db>_<kind>_<run id>`, one per jest run (PM_TEST_RUN_ID, set by the global setup), so that runs sharing
 * a server (TEST_DATABASE_URL) never copy each other's, or a stale one of an older build. Kinds: `demo` (the
 * simulated history, demo-history.ts) and `seed` (the seed plan imported, seeded-service.ts).
 */
export type TemplateKind = 'demo' | 'seed';
const KINDS: readonly TemplateKind[] = ['demo', 'seed'];

export function runTemplateName(server: string, kind: TemplateKind): string {
  return `${databaseNameOf(server)}_${kind}_${process.env.PM_TEST_RUN_ID ?? 'run'}`.toLowerCase();
}

/** Drops this run's templates, those that files built (the global teardown, at the end of the run). */
export async function dropRunTemplates(server: string): Promise<void> {
  const c = new Client({ connectionString: server });
  await c.connect();
  try {
    for (const kind of KINDS)
      await c.query(`DROP DATABASE IF EXISTS "${runTemplateName(server, kind)}" WITH (FORCE)`);
  } finally {
    await c.end();
  }
}
