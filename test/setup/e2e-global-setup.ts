import { ensureChromium } from '../support/browser';
import globalSetup from './global-setup';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS build helper of the SPA
const { ensureDashboardBuild } = require('../../apps/dashboard/ensure-build.cjs') as {
  ensureDashboardBuild(o: { ifStale?: boolean }): 'fresh' | 'built' | 'unavailable' | 'failed';
};

/**
 * The e2e layer: the database of the integration tests, the browser of the browser tests (found or installed), and
 * the dashboard SPA built once up front. Otherwise the first `npm start` of a test builds it inside that test's
 * "ready within 60 s", and with several files at once a few starts wait on that one build.
 */
export default async function e2eGlobalSetup(): Promise<void> {
  ensureChromium();
  ensureDashboardBuild({ ifStale: true });
  await globalSetup();
}
