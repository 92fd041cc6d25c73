import { PlanCatalogQueries } from '@app/plans';
import type { TestDatabase } from '@app/platform/testing';
import { loadDemoCatalog } from '../../apps/cli/src/demo/demo-catalog';
import { buildDemoScript, DEFAULT_DEMO_SEED, type DemoScript } from '../../apps/cli/src/demo/demo-scenario';
import { httpAlertScan, playDemo } from '../../apps/cli/src/demo/play-demo';
import { runTemplate } from './run-templates';
import { seededDatabase } from './seeded-service';
import { ADMIN_TOKEN, type TestApp } from './test-app';

/*
 * The simulated 2020–2022 history (the demo's, seed sanqu-2020), played once per jest run into a template database
 * on the test server by the first file that asks, then copied for each file that asks (run-templates.ts): every
 * file has a database of its own with the same events.
 */

/** The template's name, once it is built (by this call, or by an earlier one of this run, in any process). */
export function demoHistoryTemplate(): Promise<string> {
  return runTemplate('demo', playedHistory);
}

/** The demo's script for the catalogue of the service `t` (the same as the one the template was played from). */
export async function demoScriptOf(t: TestApp): Promise<DemoScript> {
  const catalog = await loadDemoCatalog(t.app.get(PlanCatalogQueries));
  return buildDemoScript(DEFAULT_DEMO_SEED, catalog.milestones);
}

/**
 * Plays the demo into a database of its own, as `startDashboardApp` did on each file's database before: the
 * service with the seed plan imported on start, the demo's commands through its CommandBus and its alert scans
 * over HTTP; returns it once the consumers have caught up and the service stopped.
 */
function playedHistory(server: string): Promise<TestDatabase> {
  return seededDatabase(server, async (t) => {
    const { script } = await playDemo(t.app, {
      seed: DEFAULT_DEMO_SEED,
      scan: httpAlertScan(t.baseUrl, ADMIN_TOKEN),
    });
    // Copies rebuild the script from their catalogue (demoScriptOf): it must be this one.
    if (JSON.stringify(await demoScriptOf(t)) !== JSON.stringify(script))
      throw new Error('the demo script of the played catalogue differs from the one played');
  });
}
