import { Client } from 'pg';
import { PlanCatalogQueries } from '@app/plans';
import { AppError } from '@app/platform';
import { watchPoolRemovals } from '@app/platform/testing';
import type { WriteStats } from './idempotency-writes';
import { IdempotencyService, requestHash } from './idempotency.service';
import { ProblemDetailsFilter } from './problem-details.filter';
import { useIdempotencyDatabase } from './testing/idempotency-database';
import { PostgresEventStore } from '@app/event-store';

/**
 * Claims and answers of concurrent requests share statements (group commit), and each request still gets what it
 * would get alone: its own execution and stored answer, a replay, a 422, or the database's outage as a 503.
 */
describe('IdempotencyService: concurrent claims and answers, group-committed', () => {
  const db = useIdempotencyDatabase();
  let service: IdempotencyService;

  beforeAll(() => {
    service = new IdempotencyService(
      db.dataSource,
      db.owner,
      new PostgresEventStore(db.dataSource),
      new PlanCatalogQueries(db.dataSource),
    );
  });

  /** The stored answers (once those sent so far are stored: they are written after the response). */
  const answered = async (scope: string) => {
    await service.answersStored();
    return db.dataSource.query<{ key: string; status: number; response: string }[]>(
      `SELECT key, status, response FROM idempotency_keys WHERE scope = $1 ORDER BY key`,
      [scope],
    );
  };

  /** Statements, claims and answers since `before`. */
  const since = (before: WriteStats): WriteStats => {
    const now = service.writeStats();
    return {
      batches: now.batches - before.batches,
      claims: now.claims - before.claims,
      answers: now.answers - before.answers,
    };
  };

  it('runs 20 requests with distinct keys once each and stores every answer, in fewer statements', async () => {
    const before = service.writeStats();
    const keys = Array.from(
      { length: 20 },
      (_, i) => `k-${String(i).padStart(2, '0')}${i % 5 ? '' : '"{,}\\'}`,
    );
    const runs = new Map<string, number>();
    const outcomes = await Promise.all(
      keys.map((key, i) =>
        service.run('distinct', key, requestHash({ i }), async () => {
          runs.set(key, (runs.get(key) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 5));
          return { status: 201, body: { i } };
        }),
      ),
    );

    expect(outcomes).toEqual(keys.map((_, i) => ({ status: 201, body: { i }, replayed: false })));
    expect([...runs.values()]).toEqual(keys.map(() => 1));
    const rows = await answered('distinct');
    expect(new Map(rows.map((r) => [r.key, [r.status, r.response]]))).toEqual(
      new Map(keys.map((key, i) => [key, [201, `{"i":${i}}`]])),
    );
    const { batches, claims, answers } = since(before);
    expect([claims, answers]).toEqual([20, 20]);
    expect(batches).toBeLessThan(20); // claims and answers together, in fewer statements than requests
  });

  it('runs 10 concurrent requests with the same key and request once; all get its answer', async () => {
    const before = service.writeStats();
    let calls = 0;
    const hash = requestHash({ same: true });
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        service.run('same', 'k', hash, async () => {
          calls++;
          await new Promise((r) => setTimeout(r, 20));
          return { status: 200, body: { calls } };
        }),
      ),
    );

    expect(calls).toBe(1);
    expect(outcomes.map((o) => [o.status, o.body])).toEqual(outcomes.map(() => [200, { calls: 1 }]));
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    expect(await answered('same')).toEqual([{ key: 'k', status: 200, response: '{"calls":1}' }]);
    expect(since(before)).toEqual({ batches: 2, claims: 10, answers: 1 }); // one statement for the claims
  });

  it('answers 422 to another request with the same key claimed in the same batch', async () => {
    const before = service.writeStats();
    const calls: string[] = [];
    const settled = await Promise.allSettled(
      ['a', 'b'].map((body) =>
        service.run('other', 'k', requestHash({ body }), async () => {
          calls.push(body);
          return { status: 200, body };
        }),
      ),
    );

    expect(calls).toEqual(['a']);
    expect(settled[0]).toEqual({ status: 'fulfilled', value: { status: 200, body: 'a', replayed: false } });
    expect(settled[1]?.status === 'rejected' && (settled[1].reason as AppError).code).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
    await service.answersStored();
    expect(since(before)).toEqual({ batches: 2, claims: 2, answers: 1 });
  });

  it('fails every request of a batch lost with the database as that outage (503), and runs none', async () => {
    const locker = new Client({ connectionString: db.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE idempotency_keys IN ACCESS EXCLUSIVE MODE');
      const before = service.writeStats();
      let calls = 0;
      const pending = Promise.allSettled(
        Array.from({ length: 5 }, (_, i) =>
          service.run('lost', `k-${i}`, requestHash({ i }), async () => {
            calls++;
            return { status: 200, body: i };
          }),
        ),
      );
      let done = false;
      void pending.then(() => (done = true));
      // Each batch waits for the lock; its connection is cut, as by a database restart.
      const dropped = watchPoolRemovals(db.dataSource);
      const cut: number[] = [];
      while (!done) {
        const { rows } = await locker.query<{ pid: number }>(
          `SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
        cut.push(...rows.map((r) => r.pid));
        await new Promise((r) => setTimeout(r, 20));
      }
      const settled = await pending;
      await dropped(cut); // (else the next test's query may get a dead connection)

      expect(calls).toBe(0);
      expect(since(before)).toEqual({ batches: 1, claims: 5, answers: 0 }); // one batch lost
      const filter = new ProblemDetailsFilter();
      const problems = settled.map((s) => (s.status === 'rejected' ? filter.toProblem(s.reason) : s.value));
      expect(problems.map((p) => [p.status, (p as { code?: string }).code])).toEqual(
        problems.map(() => [503, 'DATABASE_UNAVAILABLE']),
      );
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  });

  it('replays, and runs nothing, when the orphaned key it waits on is answered meanwhile', async () => {
    // An orphaned claim (its owner's lock is not held), which another holds row-locked while it answers it.
    const hash = requestHash({ orphan: true });
    await db.dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, owner) VALUES ('orphan', 'k', $1, 12345)`,
      [hash],
    );
    const answering = new Client({ connectionString: db.url });
    await answering.connect();
    try {
      await answering.query('BEGIN');
      await answering.query(`SELECT 1 FROM idempotency_keys WHERE scope = 'orphan' FOR UPDATE`);
      let calls = 0;
      const outcome = service.run('orphan', 'k', hash, async () => {
        calls++;
        return { status: 200, body: { second: true } };
      });
      // The duplicate waits on the row: its claim (which locks the row it finds) or, had it read the claim
      // unanswered first, its take-over. (Asked outside `answering`'s transaction: a transaction keeps the first
      // activity snapshot it reads.)
      for (let waited = 0; ; waited += 20) {
        const [row] = await db.dataSource.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND (query LIKE 'UPDATE idempotency_keys%' OR query LIKE '%INSERT INTO idempotency_keys AS k%')`,
        );
        if (row?.n === '1') break;
        if (waited > 10_000) throw new Error('the take-over never waited on the row');
        await new Promise((r) => setTimeout(r, 20));
      }
      await answering.query(
        `UPDATE idempotency_keys SET status = 200, response = '{"first": true}', completed_at = now()
          WHERE scope = 'orphan'`,
      );
      await answering.query('COMMIT');

      expect(await outcome).toEqual({ status: 200, body: { first: true }, replayed: true });
      expect(calls).toBe(0);
      expect(await answered('orphan')).toEqual([{ key: 'k', status: 200, response: '{"first": true}' }]);
    } finally {
      await answering.query('ROLLBACK').catch(() => undefined);
      await answering.end();
    }
  });
});
