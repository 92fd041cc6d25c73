import * as fs from 'node:fs';
// eslint-disable-next-line no-restricted-imports -- jest's global setup runs without moduleNameMapper
import type { EmbeddedPostgresServer } from '../../libs/platform/src';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as { __PM_EMBEDDED__?: EmbeddedPostgresServer; __PM_TMP__?: string };
  await g.__PM_EMBEDDED__?.stop();
  g.__PM_EMBEDDED__ = undefined;
  if (g.__PM_TMP__) fs.rmSync(g.__PM_TMP__, { recursive: true, force: true });
  delete process.env.PM_TEST_SERVER_URL;
}
