import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// eslint-disable-next-line no-restricted-imports -- jest's global setup runs without moduleNameMapper
import { assertTestDatabase, EmbeddedPostgresServer } from '../../libs/platform/src';

/**
 * Integration and e2e tests get a real PostgreSQL: TEST_DATABASE_URL when set, otherwise an embedded
 * server on a free port in a temp dir, stopped in the teardown. Each test file then makes a fresh
 * database of its own on that server (see createTestDatabase).
 */
export default async function globalSetup(): Promise<void> {
  const g = globalThis as { __PM_EMBEDDED__?: EmbeddedPostgresServer; __PM_TMP__?: string };
  // The services these tests start (in the test process, or as child processes with an external DATABASE_URL,
  // which requires it) share one key for the robots' credentials, as a deployment's processes do.
  process.env.SECRETS_KEY ??= 'cHJvZ3Jlc3MtbW9uaXRvciB0ZXN0IGtleSAzMiBieXQ=';
  // This run's name for what its files share on the server (its template databases: run-templates.ts).
  process.env.PM_TEST_RUN_ID ??= randomBytes(4).toString('hex');
  if (process.env.TEST_DATABASE_URL) {
    assertTestDatabase(process.env.TEST_DATABASE_URL);
    process.env.PM_TEST_SERVER_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  if (process.env.PM_TEST_SERVER_URL) return; // another project of this run already started one
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-test-pg-'));
  fs.chmodSync(dir, 0o755);
  const server = new EmbeddedPostgresServer(dir);
  const url = await server.start('progress_monitor_test');
  g.__PM_EMBEDDED__ = server;
  g.__PM_TMP__ = dir;
  process.env.PM_TEST_SERVER_URL = url;
}
