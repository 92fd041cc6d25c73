import { Client } from 'pg';
import { ConsumerRunner, EventStore } from '@app/event-store';
import { PlanCatalogQueries } from '@app/plans';
import { createTestDatabase, type TestDatabase } from '@app/platform/testing';
import { loadDemoCatalog } from '../../apps/cli/src/demo/demo-catalog';
import { buildDemoScript, DEFAULT_DEMO_SEED, type DemoScript } from '../../apps/cli/src/demo/demo-scenario';
import { httpAlertScan, playDemo } from '../../apps/cli/src/demo/play-demo';
import { startSeededService } from './browser-app';
import { demoTemplateName } from './demo-template-name';
import { ADMIN_TOKEN, type TestApp } from './test-app';

/*
 * The simulated 2020–2022 history (the demo's, seed sanqu-2020), played once per jest run into a template database
 * on the test server by the first file that asks (under an advisory lock of the server: the others wait for it),
 * then copied for each file that asks (`CREATE DATABASE … TEMPLATE`, a copy of its files): every file has a
 * database of its own with the same events. The global teardown drops the template (demo-template-name.ts).
 */

/** The template's name, once it is built (by this call, or by an earlier one of this run, in any process). */
export async function demoHistoryTemplate(): Promise<string> {
  const server = process.env.PM_TEST_SERVER_URL;
  if (!server) throw new Error('No test database server: run through jest (global setup)');
  const template = demoTemplateName(server);
  const lock = new Client({ connectionString: server });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    const found = await lock.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (found.rowCount === 0) await buildTemplate(server, template);
    return template;
  } finally {
    await lock.end(); // (and with it the lock)
  }
}

/** The demo's script for the catalogue of the service `t` (the same as the one the template was played from). */
export async function demoScriptOf(t: TestApp): Promise<DemoScript> {
  const catalog = await loadDemoCatalog(t.app.get(PlanCatalogQueries));
  return buildDemoScript(DEFAULT_DEMO_SEED, catalog.milestones);
}

/**
 * Plays the demo into a database of its own, as `startDashboardApp` did on each file's database before: the
 * service with the seed plan imported on start, the demo's commands through its CommandBus and its alert scans
 * over HTTP. Then, once the consumers have caught up and the service stopped, names it `template`.
 */
async function buildTemplate(server: string, template: string): Promise<void> {
  const started = Date.now();
  const db = await createTestDatabase(server);
  try {
    const t = await startSeededService({}, { database: db });
    try {
      const { script } = await playDemo(t.app, {
        seed: DEFAULT_DEMO_SEED,
        scan: httpAlertScan(t.baseUrl, ADMIN_TOKEN),
      });
      // Copies rebuild the script from their catalogue (demoScriptOf): it must be this one.
      if (JSON.stringify(await demoScriptOf(t)) !== JSON.stringify(script))
        throw new Error('the demo script of the played catalogue differs from the one played');
      await t.app.get(ConsumerRunner).waitForPosition(await t.app.get(EventStore).headPosition(), 60_000);
    } finally {
      await t.close(); // (not the database: it was given)
    }
    await asTemplate(server, db, template);
  } catch (e) {
    await db.drop();
    throw e;
  }
  process.stderr.write(
    `simulated history built in ${Math.round((Date.now() - started) / 1000)} s: ${template}\n`,
  );
}

/**
 * Renames the played database to `template`, without its application role: copies get roles of their own (the
 * service grants them on start), and the role's grants would be copied and keep it from being dropped.
 */
async function asTemplate(server: string, db: TestDatabase, template: string): Promise<void> {
  const role = db.appUrl === db.url ? undefined : decodeURIComponent(new URL(db.appUrl).username);
  if (role) {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query(`DROP OWNED BY "${role}"`); // (its privileges here: it owns nothing)
    } finally {
      await c.end();
    }
  }
  const c = new Client({ connectionString: server });
  await c.connect();
  try {
    if (role) await c.query(`DROP ROLE IF EXISTS "${role}"`);
    await c.query(`ALTER DATABASE "${db.name}" RENAME TO "${template}"`);
  } finally {
    await c.end();
  }
}
