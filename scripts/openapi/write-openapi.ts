/**
 * `npm run openapi`: boots the service as the e2e tests do (an embedded PostgreSQL, a fresh database), takes the
 * document it serves at /api/docs/openapi.json and writes it and the dashboard's types (see openapi-files.ts).
 * test/openapi.e2e-spec.ts fails while either file is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import globalSetup from '../../test/setup/global-setup';
import globalTeardown from '../../test/setup/global-teardown';
import { startTestApp } from '../../test/support/test-app';
import { openApiFiles } from './openapi-files';

const root = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  await globalSetup();
  try {
    const t = await startTestApp({}, { startConsumers: false });
    try {
      const served = await t.request('GET', '/api/docs/openapi.json', { token: null });
      if (served.status !== 200) throw new Error(`GET /api/docs/openapi.json answered ${served.status}`);
      for (const [file, text] of Object.entries(openApiFiles(served.body as object))) {
        fs.writeFileSync(path.join(root, file), text);
        process.stdout.write(`wrote ${file}\n`);
      }
    } finally {
      await t.close();
    }
  } finally {
    await globalTeardown();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
