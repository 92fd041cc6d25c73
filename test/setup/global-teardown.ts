import * as fs from 'node:fs';
// eslint-disable-next-line no-restricted-imports -- jest's global setup runs without moduleNameMapper
import type { EmbeddedPostgresServer } from '../../libs/platform/src';
import { dropDemoTemplate } from '../support/demo-template-name';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as { __PM_EMBEDDED__?: EmbeddedPostgresServer; __PM_TMP__?: string };
  // This run's template of the simulated history, if a file built one; the server is stopped even if that fails.
  const server = process.env.PM_TEST_SERVER_URL;
  if (server)
    await dropDemoTemplate(server).catch((e: Error) =>
      process.stderr.write(`the simulated history's template was not dropped: ${e.message}\n`),
    );
  await g.__PM_EMBEDDED__?.stop();
  g.__PM_EMBEDDED__ = undefined;
  if (g.__PM_TMP__) fs.rmSync(g.__PM_TMP__, { recursive: true, force: true });
  delete process.env.PM_TEST_SERVER_URL;
}
