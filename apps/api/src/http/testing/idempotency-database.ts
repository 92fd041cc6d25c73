import type { DataSource } from 'typeorm';
import { createTestDataSource } from '@app/platform/testing';
import { IdempotencyOwner } from '../idempotency-owner';

/** What `useIdempotencyDatabase` gives a describe block, once its `beforeAll` ran. */
export interface IdempotencyDatabase {
  readonly dataSource: DataSource;
  /** The database's URL (its owner role's): for the test's own sessions. */
  readonly url: string;
  /** This process's owner id, taken (its lock held) before the tests. */
  readonly owner: IdempotencyOwner;
}

/**
 * A migrated test database (real PostgreSQL) for a describe block, and this process's Idempotency-Key owner on it,
 * its id taken; both stopped after the block. Used by idempotency-take-over and idempotency-writes.int-spec.ts.
 */
export function useIdempotencyDatabase(): IdempotencyDatabase {
  let t: Awaited<ReturnType<typeof createTestDataSource>> | undefined;
  let owner: IdempotencyOwner | undefined;

  beforeAll(async () => {
    t = await createTestDataSource();
    owner = new IdempotencyOwner(t.db.url);
    await owner.id();
  });

  afterAll(async () => {
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
    get owner() {
      return owner!;
    },
  };
}
