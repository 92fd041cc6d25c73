import { Client } from 'pg';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { createTestDataSource } from '@app/platform/testing';
import { IdempotencyOwner } from '../idempotency-owner';

/** What `useIdempotencyDatabase` gives a describe block, once its `beforeAll` ran. */
export interface IdempotencyDatabase {
  readonly dataSource: DataSource;
  /** The database's URL (its owner role's, who owns the tables): for the test's own sessions. */
  readonly url: string;
  /**
   * The database's application role's URL (no privileges of its own; the same as `url` when the test server's user
   * may not create roles): the owner's lock connection runs as it, as the service's does.
   */
  readonly appUrl: string;
  /** This process's owner id, taken (its lock held, as the application role) before the tests. */
  readonly owner: IdempotencyOwner;
  /** A session of the test's own on `url`, connected; ended after the block, before the database is dropped. */
  session(): Promise<Client>;
}

/**
 * A migrated test database (real PostgreSQL) for a describe block, and this process's Idempotency-Key owner on it,
 * its id taken on the application role's connection as in the service; both stopped after the block (and the
 * test's own sessions before them). With `migrations`, only those run: the migrations up to one the test runs
 * itself.
 */
export function useIdempotencyDatabase(
  opts: { migrations?: DataSourceOptions['migrations'] } = {},
): IdempotencyDatabase {
  let t: Awaited<ReturnType<typeof createTestDataSource>> | undefined;
  let owner: IdempotencyOwner | undefined;
  const sessions: Client[] = [];

  beforeAll(async () => {
    t = await createTestDataSource(opts.migrations ? { migrations: opts.migrations } : {});
    owner = new IdempotencyOwner(t.db.appUrl);
    await owner.id();
  });

  afterAll(async () => {
    await Promise.all(sessions.map((c) => c.end().catch(() => undefined)));
    await owner?.onApplicationShutdown();
    await t?.close();
  });

  return {
    get dataSource() {
      return t!.dataSource;
    },
    get url() {
      return t!.db.url;
    },
    get appUrl() {
      return t!.db.appUrl;
    },
    get owner() {
      return owner!;
    },
    async session() {
      const c = new Client({ connectionString: t!.db.url });
      sessions.push(c);
      await c.connect();
      return c;
    },
  };
}
