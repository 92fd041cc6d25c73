import { Client } from 'pg';
import { PlanCatalogQueries } from '@app/plans';
import { AppError } from '@app/platform';
import { IdempotencyService, requestHash } from './idempotency.service';
import { useIdempotencyDatabase } from './testing/idempotency-database';
import { PostgresEventStore } from '@app/event-store';

/**
 * A keyed command is answered without waiting for its answer to be stored (one commit less on its path); until the
 * answer is stored, a duplicate waits for it instead of running the command again, and shutdown waits for it.
 */
describe('IdempotencyService: the answer is stored after the response', () => {
  const db = useIdempotencyDatabase();
  let holder: Client;

  beforeAll(async () => {
    holder = await db.session();
  });

  it('answers before its answer is stored; a duplicate meanwhile waits for that answer; shutdown waits', async () => {
    const service = new IdempotencyService(
      db.dataSource,
      db.owner,
      new PostgresEventStore(db.dataSource),
      new PlanCatalogQueries(db.dataSource),
    );
    const runs = new Map<string, number>();
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const command = (key: string, hold: 'gate' | 'lock' | 'none') => async () => {
      runs.set(key, (runs.get(key) ?? 0) + 1);
      if (hold === 'gate') await gate;
      // Another session holds this key's row, so its answer's statement waits on it (and the answers after it).
      if (hold === 'lock') {
        await holder.query('BEGIN');
        await holder.query(`SELECT 1 FROM idempotency_keys WHERE scope = 't' AND key = $1 FOR UPDATE`, [key]);
      }
      return { status: 200, body: { key } };
    };
    const hash = requestHash({ percent: 60 });
    const first = service.run('t', 'k', hash, command('k', 'gate'));
    await waitUntil(() => Promise.resolve(runs.get('k') === 1));
    // The duplicate finds the key claimed and unanswered, and polls. k0 claims after it (so the duplicate's claim is
    // done once k0's command runs), and its answer's statement blocks the writes queue.
    const duplicate = service.run('t', 'k', hash, command('k', 'none'));
    expect(await service.run('t', 'k0', hash, command('k0', 'lock'))).toMatchObject({ replayed: false });
    await waitUntil(() => answerWaitsOnLock());

    // k is answered; its answer waits behind k0's in this process, k's row free: a duplicate that did not wait
    // for the in-flight answer would take the key over and run the command again.
    open();
    expect(await first).toEqual({ status: 200, body: { key: 'k' }, replayed: false });
    let shutDown = false;
    const shutdown = service.beforeApplicationShutdown().then(() => (shutDown = true));
    await new Promise((r) => setTimeout(r, 300));
    expect([await answered('k'), shutDown]).toEqual([false, false]);
    await holder.query('COMMIT');

    expect(await duplicate).toEqual({ status: 200, body: { key: 'k' }, replayed: true });
    await shutdown;
    expect([await answered('k0'), await answered('k')]).toEqual([true, true]);
    expect(runs.get('k')).toBe(1);
  });

  it('an answer that cannot be stored leaves the claim ownerless: a retry runs at once, another request is 422', async () => {
    const service = new IdempotencyService(
      db.dataSource,
      db.owner,
      new PostgresEventStore(db.dataSource),
      new PlanCatalogQueries(db.dataSource),
    );
    await db.dataSource.query(`CREATE FUNCTION pm_test_refuse_answer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.key = 'refused' AND NEW.status IS NOT NULL THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`);
    await db.dataSource.query(`CREATE TRIGGER pm_test_refuse_answer BEFORE UPDATE ON idempotency_keys
      FOR EACH ROW EXECUTE FUNCTION pm_test_refuse_answer()`);
    try {
      let runs = 0;
      const command = async () => ({ status: 200, body: { run: ++runs } });
      const hash = requestHash({ percent: 70 });
      expect(await service.run('t', 'refused', hash, command)).toMatchObject({
        status: 200,
        replayed: false,
      });
      await service.answersStored();
      const [row] = await db.dataSource.query<{ status: number | null; owner: number | null }[]>(
        `SELECT status, owner FROM idempotency_keys WHERE scope = 't' AND key = 'refused'`,
      );
      expect(row).toEqual({ status: null, owner: null });

      const other = service.run('t', 'refused', requestHash({ percent: 71 }), command);
      await expect(other).rejects.toThrow(AppError);
      await expect(other).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      const started = Date.now();
      expect(await service.run('t', 'refused', hash, command)).toMatchObject({ body: { run: 2 } });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await service.answersStored();
      await db.dataSource.query('DROP TRIGGER pm_test_refuse_answer ON idempotency_keys');
      await db.dataSource.query('DROP FUNCTION pm_test_refuse_answer()');
    }
  });

  async function answered(key: string): Promise<boolean> {
    const [row] = await db.dataSource.query<{ status: number | null }[]>(
      `SELECT status FROM idempotency_keys WHERE scope = 't' AND key = $1`,
      [key],
    );
    return row?.status === 200;
  }

  async function answerWaitsOnLock(): Promise<boolean> {
    const [row] = await db.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()
          AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO idempotency_keys AS k%'`,
    );
    return row?.n === '1';
  }
});

async function waitUntil(ok: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}
