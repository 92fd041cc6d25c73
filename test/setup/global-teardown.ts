import * as fs from 'node:fs';
// eslint-disable-next-line no-restricted-imports -- jest's global setup runs without moduleNameMapper
import type { EmbeddedPostgresServer } from '../../libs/platform/src';
import { dropRunTemplates } from '../support/run-template-names';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as {
    __PM_EMBEDDED__?: EmbeddedPostgresServer;
    __PM_TMP__?: string;
    __PM_CHROMIUM__?: { close(): Promise<void> };
  };
  // The run's Chromium and its socket's directory, if the e2e setup started it (e2e-global-setup.ts).
  await g.__PM_CHROMIUM__?.close();
  g.__PM_CHROMIUM__ = undefined;
  delete process.env.PM_CHROMIUM_WS;
  // This run's templates (run-templates.ts), those that files built; the server is stopped even if that fails.
  const server = process.env.PM_TEST_SERVER_URL;
  if (server)
    await dropRunTemplates(server).catch((e: Error) =>
      process.stderr.write(`the run's template databases were not dropped: ${e.message}\n`),
    );
  await g.__PM_EMBEDDED__?.stop();
  g.__PM_EMBEDDED__ = undefined;
  if (g.__PM_TMP__) fs.rmSync(g.__PM_TMP__, { recursive: true, force: true });
  delete process.env.PM_TEST_SERVER_URL;
}
