import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { assertTestDatabase, databaseNameOf, withDatabaseName } from '../database/database-url';
import { dataSourceOptions } from '../database/data-source-options';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  /** Drops the database (terminating its connections). */
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.PM_TEST_SERVER_URL;
  if (!url)
    throw new Error('No test database server: run through jest (global setup) or set TEST_DATABASE_URL');
  assertTestDatabase(url);
  return url;
}

/** A fresh, empty database on the test server, named `<server db>_<random>` (always containing "test"). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = serverUrl();
  const name = `${databaseNameOf(base)}_${randomBytes(5).toString('hex')}`.toLowerCase();
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabaseName(base, name);
  assertTestDatabase(url);
  return {
    url,
    name,
    drop: async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
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
