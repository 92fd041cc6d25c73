import { Client } from 'pg';
// eslint-disable-next-line no-restricted-imports -- jest's global setup and teardown run without moduleNameMapper
import { databaseNameOf } from '../../libs/platform/src/database/database-url';

/*
 * The template database of the simulated history (see demo-history.ts) by name, known to the global setup and
 * teardown too: `<server db>_demo_<run id>`, one per jest run (PM_TEST_RUN_ID, set by the global setup), so that
 * runs sharing a server (TEST_DATABASE_URL) never copy each other's, or a stale one of an older build.
 */
export function demoTemplateName(server: string): string {
  return `${databaseNameOf(server)}_demo_${process.env.PM_TEST_RUN_ID ?? 'run'}`.toLowerCase();
}

/** Drops this run's template, if a file built one (the global teardown, at the end of the run). */
export async function dropDemoTemplate(server: string): Promise<void> {
  const c = new Client({ connectionString: server });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS "${demoTemplateName(server)}" WITH (FORCE)`);
  } finally {
    await c.end();
  }
}
