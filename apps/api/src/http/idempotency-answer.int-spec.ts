import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createTestDataSource, type TestDatabase } from '@app/platform/testing';
import { IdempotencyOwner } from './idempotency-owner';
import { IdempotencyService, requestHash } from './idempotency.service';

/**
 * A keyed command is answered without waiting for its answer to be stored (one commit less on its path); until the
 * answer is stored, a duplicate waits for it instead of running the command again, and shutdown waits for it.
 */
describe('IdempotencyService: the answer is stored after the response', () => {
  let dataSource: DataSource;
  let db: TestDatabase;
  let close: () => Promise<void>;
  let owner: IdempotencyOwner;
  let holder: Client;

  beforeAll(async () => {
    ({ dataSource, db, close } = await createTestDataSource());
    owner = new IdempotencyOwner(db.appUrl);
    holder = new Client({ connectionString: db.url });
    await holder.connect();
  });

  afterAll(async () => {
    await holder.end().catch(() => undefined);
    await owner.onApplicationShutdown();
    await close();
  });

  it('answers while the answer cannot be written yet; a duplicate meanwhile gets that answer; shutdown waits', async () => {
    const service = new IdempotencyService(dataSource, owner);
    const hash = requestHash({ percent: 60 });
    let runs = 0;
    const command = async () => {
      runs++;
      // The key's row is claimed now: another session holds it, so storing the answer has to wait.
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM idempotency_keys WHERE scope = 't' AND key = 'k' FOR UPDATE`);
      return { status: 200, body: { version: 7 } };
    };

    const first = await service.run('t', 'k', hash, command);
    expect(first).toEqual({ status: 200, body: { version: 7 }, replayed: false });
    expect(await answered()).toBe(false);

    const duplicate = service.run('t', 'k', hash, command);
    let shutDown = false;
    const shutdown = service.beforeApplicationShutdown().then(() => (shutDown = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(shutDown).toBe(false);
    await holder.query('COMMIT');

    expect(await duplicate).toEqual({ status: 200, body: { version: 7 }, replayed: true });
    await shutdown;
    expect(await answered()).toBe(true);
    expect(runs).toBe(1);
  });

  async function answered(): Promise<boolean> {
    const [row] = await dataSource.query<{ status: number | null }[]>(
      `SELECT status FROM idempotency_keys WHERE scope = 't' AND key = 'k'`,
    );
    return row?.status === 200;
  }
});
