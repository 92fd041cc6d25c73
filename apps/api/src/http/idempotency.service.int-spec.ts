import { PlanCatalogQueries } from '@app/plans';
import { IDEMPOTENCY_OWNER_LOCK_CLASS } from './idempotency-owner';
import { IdempotencyService, requestHash } from './idempotency.service';
import { useIdempotencyDatabase } from './testing/idempotency-database';
import { PostgresEventStore } from '@app/event-store';

/**
 * A claim this process made and could not let go of (its command failed as the database went away, and so did the
 * clean-up) must not be mistaken, once the database is back, for a live stranger's request in progress: a retry is
 * served at once instead of waiting 15 s for an answer no one is preparing (fault F2 saw that 409).
 */
describe("IdempotencyService: this process's own claim, left behind by an outage", () => {
  const db = useIdempotencyDatabase();

  beforeAll(() => {
    if (db.appUrl === db.url) throw new Error('this test needs a test server whose user may create roles');
  });

  it('serves the retry at once while the lock connection is down and the id looks alive', async () => {
    const service = new IdempotencyService(
      db.dataSource,
      db.owner,
      new PostgresEventStore(db.dataSource),
      new PlanCatalogQueries(db.dataSource),
    );
    const id = await db.owner.id();
    const hash = requestHash({ percent: 50 });
    expect(id).not.toBeNull();
    // The claim as the outage left it: this process's id, no answer, not in flight.
    await db.dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, owner) VALUES ('token-1', 'k-1', $1, $2)`,
      [hash, id],
    );
    // The lock's connection drops and cannot be made again yet (its role may not log in): id() is null...
    const role = new URL(db.appUrl).username;
    await db.dataSource.query(`ALTER ROLE "${role}" NOLOGIN`);
    await db.dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [
      role,
    ]);
    await waitUntil(async () => (await db.owner.id()) === null);
    // ...while the id still looks alive (as once the process takes its lock again).
    const relocked = await db.session();
    await relocked.query('SELECT pg_advisory_lock($1, $2)', [IDEMPOTENCY_OWNER_LOCK_CLASS, id]);

    const started = Date.now();
    const outcome = await service.run('token-1', 'k-1', hash, async () => ({ status: 200, body: { ok: 1 } }));

    expect(outcome).toEqual({ status: 200, body: { ok: 1 }, replayed: false });
    expect(Date.now() - started).toBeLessThan(5000);
    await service.answersStored();
    const [row] = await db.dataSource.query<{ status: number }[]>(
      `SELECT status FROM idempotency_keys WHERE scope = 'token-1' AND key = 'k-1'`,
    );
    expect(row?.status).toBe(200);
  });
});

async function waitUntil(ok: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}
