import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { AppError } from '@app/platform';
import { createTestDataSource, watchPoolRemovals } from '@app/platform/testing';
import { IdempotencyOwner } from './idempotency-owner';
import { IdempotencyService, requestHash } from './idempotency.service';
import { ProblemDetailsFilter } from './problem-details.filter';

/**
 * Claims and answers of concurrent requests share statements (group commit), and each request still gets what it
 * would get alone: its own execution and stored answer, a replay, a 422, or the database's outage as a 503.
 */
describe('IdempotencyService: concurrent claims and answers, group-committed', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let url: string;
  let owner: IdempotencyOwner;
  let service: IdempotencyService;

  beforeAll(async () => {
    ({
      dataSource,
      close,
      db: { url },
    } = await createTestDataSource());
    owner = new IdempotencyOwner(url);
    service = new IdempotencyService(dataSource, owner);
    await owner.id();
  });

  afterAll(async () => {
    await owner.onApplicationShutdown();
    await close();
  });

  /** The stored answers (once those sent so far are stored: they are written after the response). */
  const answered = async (scope: string) => {
    await service.answersStored();
    return dataSource.query<{ key: string; status: number; response: unknown }[]>(
      `SELECT key, status, response FROM idempotency_keys WHERE scope = $1 ORDER BY key`,
      [scope],
    );
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
      new Map(keys.map((key, i) => [key, [201, { i }]])),
    );
    const after = service.writeStats();
    const claims = after.claims.batches - before.claims.batches;
    const answers = after.answers.batches - before.answers.batches;
    expect(after.claims.units - before.claims.units).toBe(20);
    expect(after.answers.units - before.answers.units).toBe(20);
    expect(claims).toBeLessThan(20);
    expect(answers).toBeLessThan(20);
  });

  it('runs 10 concurrent requests with the same key and request once; all get its answer', async () => {
    const before = service.writeStats().claims;
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
    expect(await answered('same')).toEqual([{ key: 'k', status: 200, response: { calls: 1 } }]);
    const after = service.writeStats().claims;
    expect([after.batches - before.batches, after.units - before.units]).toEqual([1, 10]); // one statement
  });

  it('answers 422 to another request with the same key claimed in the same batch', async () => {
    const before = service.writeStats().claims;
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
    const after = service.writeStats().claims;
    expect([after.batches - before.batches, after.units - before.units]).toEqual([1, 2]);
  });

  it('fails every request of a batch lost with the database as that outage (503), and runs none', async () => {
    const locker = new Client({ connectionString: url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE idempotency_keys IN ACCESS EXCLUSIVE MODE');
      const before = service.writeStats().claims;
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
      const dropped = watchPoolRemovals(dataSource);
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
      const after = service.writeStats().claims;
      expect([after.batches - before.batches, after.units - before.units]).toEqual([1, 5]); // one batch lost
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

  it('replays, and runs nothing, when the key it would take over is answered meanwhile', async () => {
    // An orphaned claim (its owner's lock is not held), which another holds row-locked while it answers it.
    const hash = requestHash({ orphan: true });
    await dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, owner) VALUES ('orphan', 'k', $1, 12345)`,
      [hash],
    );
    const answering = new Client({ connectionString: url });
    await answering.connect();
    try {
      await answering.query('BEGIN');
      await answering.query(`SELECT 1 FROM idempotency_keys WHERE scope = 'orphan' FOR UPDATE`);
      let calls = 0;
      const outcome = service.run('orphan', 'k', hash, async () => {
        calls++;
        return { status: 200, body: { second: true } };
      });
      // The duplicate read the claim unanswered and now waits to take it over. (Asked outside `answering`'s
      // transaction: a transaction keeps the first activity snapshot it reads.)
      for (let waited = 0; ; waited += 20) {
        const [row] = await dataSource.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE idempotency_keys%'`,
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
      expect(await answered('orphan')).toEqual([{ key: 'k', status: 200, response: { first: true } }]);
    } finally {
      await answering.query('ROLLBACK').catch(() => undefined);
      await answering.end();
    }
  });
});
