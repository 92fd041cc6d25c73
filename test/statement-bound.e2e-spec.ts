import { Client } from 'pg';
import { defaultQueryTimeout } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '@app/platform/testing';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/service-process';

jest.setTimeout(120_000);

/** The events' append lock (pg_advisory_xact_lock in the append functions): held, every append waits for it. */
const APPEND_LOCK = 72620110;
/** DATABASE_QUERY_TIMEOUT_MS of this file's app: small, so that a statement waiting on the lock outlives it. */
const BOUND_MS = 500;
/** How long the lock is held past the first append waiting on it: well past the bound. */
const HELD_MS = 5 * BOUND_MS;

/**
 * The API bounds its requests' statements (DATABASE_QUERY_TIMEOUT_MS: a frozen or locked database answers 503, not
 * a hang), but not its start's: a seed import waiting on the events' lock longer than a request may still starts the
 * service (query-scope.ts).
 */
describe('the statement bound: requests bounded, the start not', () => {
  let db: TestDatabase;
  let app: TestApp | undefined;
  let blocker: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    blocker = new Client({ connectionString: db.url });
    await blocker.connect();
  });
  afterAll(async () => {
    await app?.close();
    await blocker?.end();
    await db?.drop();
  });

  /** Holds the append lock until the first append waits on it, then HELD_MS more; then lets go. */
  async function holdAppendLock(): Promise<() => Promise<void>> {
    await blocker.query('BEGIN');
    await blocker.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
    return async () => {
      try {
        await waitFor(
          async () =>
            Number(
              (
                await blocker.query<{ n: string }>(
                  `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1`,
                  [APPEND_LOCK],
                )
              ).rows[0]!.n,
            ) > 0,
          30_000,
          'an append waiting on the lock',
        );
        await new Promise((r) => setTimeout(r, HELD_MS));
      } finally {
        await blocker.query('ROLLBACK');
      }
    };
  }

  it("the start's seed import, held on the events' lock past the requests' bound, still starts the service", async () => {
    const release = (await holdAppendLock())();
    const started = startTestApp(
      { IMPORT_SEED_ON_START: 'true' },
      { database: db, queryTimeoutMs: BOUND_MS },
    );
    await release;
    app = await started;
    const a = app;
    await waitFor(async () => (await a.request('GET', '/health/ready')).status === 200, 60_000, 'ready');
    const listed = await a.request('GET', '/api/v1/milestones');
    expect(listed.status).toBe(200);
    expect((listed.body as { items: unknown[] }).items.length).toBeGreaterThan(0); // the seed plan imported
  });

  it("a request's append held on the lock answers 503 at the bound, not when the lock is let go", async () => {
    const a = app!;
    const id = ((await a.request('GET', '/api/v1/milestones')).body as { items: { id: string }[] }).items[0]!
      .id;
    const release = (await holdAppendLock())();
    const t0 = Date.now();
    const posted = await a.request('POST', `/api/v1/milestones/${id}/progress`, {
      body: { percent: 10, narrative: '锁住时的报送' },
    });
    const ms = Date.now() - t0;
    await release;
    expect(posted.status).toBe(503);
    expect(ms).toBeLessThan(HELD_MS); // answered before the lock was let go
    expect(defaultQueryTimeout()).toBe(BOUND_MS);
  });

  it("once the app is closed, the test's own statements are unbounded again", async () => {
    await app!.close();
    app = undefined;
    expect(defaultQueryTimeout()).toBeUndefined();
  });
});
