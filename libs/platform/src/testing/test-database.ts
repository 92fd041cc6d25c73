import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ensureLoginRole } from '../database/app-role';
import { assertTestDatabase, databaseNameOf, withDatabaseName } from '../database/database-url';
import { dataSourceOptions } from '../database/data-source-options';

export interface TestDatabase {
  /** As the server's (test) user, who owns what the migrations create. */
  readonly url: string;
  /**
   * As a login role of this database alone (`<name>_app`) with no privileges of its own: give it to the
   * service with `url` as the migration URL, and it runs as the embedded default does (least privilege).
   * The same as `url` when the server's user may not create roles.
   */
  readonly appUrl: string;
  readonly name: string;
  /** Drops the database (terminating its connections) and its role. */
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.PM_TEST_SERVER_URL;
  if (!url)
    throw new Error('No test database server: run through jest (global setup) or set TEST_DATABASE_URL');
  assertTestDatabase(url);
  return url;
}

/**
 * A fresh, empty database on the test server (or on `server`, a URL whose database name contains "test"),
 * named `<server db>_<random>` (always containing "test"), with an application role of its own. With `template`,
 * a copy of that database of the server instead (which nothing may be connected to meanwhile).
 */
export async function createTestDatabase(
  server: string = serverUrl(),
  opts: { template?: string } = {},
): Promise<TestDatabase> {
  assertTestDatabase(server);
  const name = `${databaseNameOf(server)}_${randomBytes(5).toString('hex')}`.toLowerCase();
  const role = `${name}_app`;
  const password = randomBytes(12).toString('hex');
  let hasRole = false;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"${opts.template ? ` TEMPLATE "${opts.template}"` : ''}`);
    try {
      await ensureLoginRole(admin, role, password);
      hasRole = true;
    } catch (e) {
      if ((e as { code?: string }).code !== '42501') throw e;
      process.stderr.write(
        `createTestDatabase: the test server's user may not create roles; ${name} runs as that user alone\n`,
      );
    }
  } finally {
    await admin.end();
  }
  const url = withDatabaseName(server, name);
  assertTestDatabase(url);
  const app = new URL(url);
  app.username = role;
  app.password = password;
  return {
    url,
    appUrl: hasRole ? app.toString() : url,
    name,
    drop: async () => {
      const c = new Client({ connectionString: server });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        if (hasRole) await c.query(`DROP ROLE IF EXISTS "${role}"`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A migrated TypeORM DataSource on a fresh test database. */
export async function createTestDataSource(
  overrides: Partial<DataSourceOptions> = {},
): Promise<{ dataSource: DataSource; db: TestDatabase; close: () => Promise<void> }> {
  const db = await createTestDatabase();
  const dataSource = new DataSource(dataSourceOptions(db.url, { logging: false, ...overrides }));
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    dataSource,
    db,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    },
  };
}
