import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@app/platform';
import { createTestDataSource, type TestDatabase } from '@app/platform/testing';
import { IdempotencyPurge } from './idempotency-purge';

/** The purge deletes expired records without waiting on a row another statement holds (a claims batch, say). */
describe('IdempotencyPurge', () => {
  let dataSource: DataSource;
  let db: TestDatabase;
  let close: () => Promise<void>;
  let holder: Client;

  beforeAll(async () => {
    ({ dataSource, db, close } = await createTestDataSource());
    holder = new Client({ connectionString: db.url });
    await holder.connect();
  });

  afterAll(async () => {
    await holder.end().catch(() => undefined);
    await close();
  });

  it('purges the expired records, skips one held by another transaction, and purges it once free', async () => {
    const purge = new IdempotencyPurge(dataSource, { idempotencyRetentionHours: 24 } as AppConfig);
    await dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, created_at)
       SELECT 'p', k, 'h', now() - make_interval(hours => age)
         FROM (VALUES ('a', 48), ('b', 48), ('c', 48), ('fresh', 1)) AS v(k, age)`,
    );
    await holder.query('BEGIN');
    await holder.query(`SELECT 1 FROM idempotency_keys WHERE scope = 'p' AND key = 'b' FOR UPDATE`);
    const waited = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the purge waited on a held row')), 3000).unref(),
    );
    try {
      expect(await Promise.race([purge.purgeExpired(), waited])).toBe(2);
    } finally {
      await holder.query('COMMIT');
    }
    expect(await keys()).toEqual(['b', 'fresh']);
    expect(await purge.purgeExpired()).toBe(1);
    expect(await keys()).toEqual(['fresh']);
  });

  const keys = async (): Promise<string[]> =>
    (
      await dataSource.query<{ key: string }[]>(
        `SELECT key FROM idempotency_keys WHERE scope = 'p' ORDER BY key`,
      )
    ).map((r) => r.key);
});
