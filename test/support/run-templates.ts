import { Client } from 'pg';
import type { TestDatabase } from '@app/platform/testing';
import { runTemplateName, type TemplateKind } from './run-template-names';

/*
 * Databases built once per jest run and copied for each file that asks (`CREATE DATABASE … TEMPLATE`, a copy of
 * its files): every file has a database of its own with the same rows, without paying for building it. The first
 * file that asks builds it, under an advisory lock of the server (the others wait for it); the global teardown
 * drops it (run-template-names.ts).
 */

/** The template's name, once it is built (by `build`, now, or by an earlier call of this run, in any process). */
export async function runTemplate(
  kind: TemplateKind,
  build: (server: string) => Promise<TestDatabase>,
): Promise<string> {
  const server = process.env.PM_TEST_SERVER_URL;
  if (!server) throw new Error('No test database server: run through jest (global setup)');
  const template = runTemplateName(server, kind);
  const lock = new Client({ connectionString: server });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    const found = await lock.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (found.rowCount === 0) {
      const started = Date.now();
      const db = await build(server);
      try {
        await asTemplate(server, db, template);
      } catch (e) {
        await db.drop();
        throw e;
      }
      process.stderr.write(
        `${kind} template built in ${Math.round((Date.now() - started) / 1000)} s: ${template}\n`,
      );
    }
    return template;
  } finally {
    await lock.end(); // (and with it the lock)
  }
}

/**
 * Renames the built database to `template`, without its application role: copies get roles of their own (the
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
