import { Client } from 'pg';
import { PlanCatalogQueries } from '@app/plans';
import { IDEMPOTENCY_OWNER_LOCK_CLASS } from './idempotency-owner';
import { IdempotencyService, requestHash } from './idempotency.service';
import { useIdempotencyDatabase } from './testing/idempotency-database';
import { PostgresEventStore } from '@app/event-store';

/** The owner id of the other process (its lock taken by a session of the test). */
const OTHER = 54_321;

/**
 * A duplicate that read a claim unanswered, its owner gone, takes it over (`TAKE_OVER`) unless the key was answered
 * meanwhile: then it replays that answer and runs nothing. Here the answer lands between the duplicate's read and
 * its take-over: the take-over waits on the row while another session answers it (the claim itself found the row
 * unlocked, so it is the take-over, not the claim, that meets the answer).
 */
describe('IdempotencyService: a take-over of a key answered meanwhile (real PostgreSQL)', () => {
  const db = useIdempotencyDatabase();

  /** Statements of `kind` waiting for a row lock, as the server sees them. */
  const waitingOnLock = async (kind: string): Promise<number> => {
    const [row] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1`,
      [`${kind}%`],
    );
    return row!.n;
  };

  it('replays the answer and runs nothing when the key it takes over was answered meanwhile', async () => {
    const service = new IdempotencyService(
      db.dataSource,
      db.owner,
      new PostgresEventStore(db.dataSource),
      new PlanCatalogQueries(db.dataSource),
    );
    const hash = requestHash({ takeOver: true });
    const query = jest.spyOn(db.dataSource, 'query');
    /** The duplicate's first poll of the claim (the statement reading whether its owner is alive), once answered. */
    const firstPoll = async (): Promise<{ status: number | null; owner: number; owner_alive: boolean }[]> => {
      for (let waited = 0; ; waited += 20) {
        const at = query.mock.calls.findIndex(([sql]) => String(sql).includes('owner_alive'));
        if (at >= 0) return (await query.mock.results[at]!.value) as never;
        if (waited > 10_000) throw new Error('the duplicate never polled');
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const other = new Client({ connectionString: db.url }); // the other process: its owner lock, its answer
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1, $2)', [IDEMPOTENCY_OWNER_LOCK_CLASS, OTHER]);
      await db.dataSource.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, owner) VALUES ('take', 'k', $1, $2)`,
        [hash, OTHER],
      );
      let calls = 0;
      const outcome = service.run('take', 'k', hash, async () => {
        calls++;
        return { status: 200, body: { second: true } };
      });
      // The duplicate polls: the owner is alive, it waits (its first poll's answer, as it read it).
      const [polled] = await firstPoll();
      expect(polled).toMatchObject({ status: null, owner: OTHER, owner_alive: true });
      expect(calls).toBe(0);

      // The other process answers its claim, the row locked, as its owner lock goes: the duplicate's next poll
      // reads the claim unanswered, its owner dead, and its take-over waits on the row.
      await other.query('BEGIN');
      await other.query(`SELECT 1 FROM idempotency_keys WHERE scope = 'take' AND key = 'k' FOR UPDATE`);
      await other.query('SELECT pg_advisory_unlock($1, $2)', [IDEMPOTENCY_OWNER_LOCK_CLASS, OTHER]);
      for (let waited = 0; (await waitingOnLock('UPDATE idempotency_keys SET owner')) !== 1; waited += 20) {
        if (waited > 10_000) throw new Error('the take-over never waited on the row');
        await new Promise((r) => setTimeout(r, 20));
      }
      await other.query(
        `UPDATE idempotency_keys SET status = 200, response = '{"first": true}', completed_at = now()
          WHERE scope = 'take' AND key = 'k'`,
      );
      await other.query('COMMIT');

      expect(await outcome).toEqual({ status: 200, body: { first: true }, replayed: true });
      expect(calls).toBe(0);
      await service.answersStored();
      expect(
        await db.dataSource.query(`SELECT status, response FROM idempotency_keys WHERE scope = 'take'`),
      ).toEqual([{ status: 200, response: '{"first": true}' }]); // its text as it is
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      await other.end();
      query.mockRestore();
    }
  });
});
