import { databaseOutageOf } from '../database/database-unavailable';
import { currentScope } from '../database/query-scope';
import { boundStatementsByDefault, queryTimeoutOfScope, withQueryTimeout } from '../database/query-timeout';
import { GroupCommit, type UnitOutcome } from './group-commit';

/** A batcher over numbers: a unit `n` weighs `n`; negative units fail alone; `runs` records each batch. */
function numbers(opts: { maxUnits?: number; maxWeight?: number; failBatch?: boolean } = {}) {
  const runs: number[][] = [];
  /** The query bound each batch ran under (a caller's `withQueryTimeout`, the requests' default, or none). */
  const bounds: (number | undefined)[] = [];
  /** Whether each batch ran inside a scope (`withQueryTimeout`) rather than under the requests' default. */
  const scoped: boolean[] = [];
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  const batcher = new GroupCommit<number, string>(
    async (units) => {
      runs.push([...units]);
      scoped.push(currentScope() !== undefined);
      bounds.push(queryTimeoutOfScope());
      await gate;
      bounds.push(queryTimeoutOfScope());
      if (opts.failBatch) throw new Error('connection lost');
      return units.map((u): UnitOutcome<string> =>
        u < 0 ? { ok: false, error: new Error(`bad ${u}`) } : { ok: true, value: `ok ${u}` },
      );
    },
    { maxUnits: opts.maxUnits ?? 10, maxWeight: opts.maxWeight ?? 100, weight: (u) => Math.abs(u) },
  );
  return {
    batcher,
    runs,
    bounds,
    scoped,
    hold: () => {
      gate = new Promise((r) => (release = r));
    },
    release: () => release(),
  };
}

describe('GroupCommit', () => {
  it('runs what is submitted in one tick as one batch, each caller with its own outcome', async () => {
    const { batcher, runs } = numbers();
    const out = await Promise.allSettled([1, -2, 3].map((u) => batcher.submit(u)));
    expect(runs).toEqual([[1, -2, 3]]);
    expect(out.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
      'ok 1',
      'bad -2',
      'ok 3',
    ]);
    expect(batcher.stats()).toEqual({ batches: 1, units: 3 });
  });

  it('queues what arrives while a batch runs and sends it together next, within the limits', async () => {
    const { batcher, runs, hold, release } = numbers({ maxUnits: 3, maxWeight: 10 });
    hold();
    const first = batcher.submit(1);
    await Promise.resolve();
    const later = [2, 2, 2, 2, 5, 20, 1].map((u) => batcher.submit(u));
    release();
    await Promise.all([first, ...later]);
    // At most 3 units, at most weight 10 unless a unit is heavier alone.
    expect(runs).toEqual([[1], [2, 2, 2], [2, 5], [20], [1]]);
  });

  it('a failed batch fails every caller in it, and the next batch runs', async () => {
    const failing = numbers({ failBatch: true });
    const out = await Promise.allSettled([1, 2].map((u) => failing.batcher.submit(u)));
    expect(out.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    await expect(failing.batcher.submit(3)).rejects.toThrow('connection lost');
    expect(failing.runs).toEqual([[1, 2], [3]]);
  });

  describe('callers with a bound of their own (withQueryTimeout: background work)', () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    it('runs a batch under its callers’ largest bound, and none when one caller has none (not the starter’s)', async () => {
      const { batcher, bounds, hold, release } = numbers();
      hold();
      const first = batcher.submit(1); // a consumer: no bound
      await sleep(5);
      const second = withQueryTimeout(3000, () => batcher.submit(2));
      const third = withQueryTimeout(5000, () => batcher.submit(3));
      release();
      await Promise.all([first, second, third]);
      const mixed = withQueryTimeout(4000, () => batcher.submit(4));
      await Promise.all([mixed, batcher.submit(5)]);
      // [1] unbounded; [2, 3] the largest bound, so a lost connection frees the committer; [4, 5] none.
      expect(bounds).toEqual([undefined, undefined, 5000, 5000, undefined, undefined]);
    });

    it('a bounded caller queued behind an unbounded one gets a timeout (503) at its own bound; the batch goes on', async () => {
      const { batcher, runs, hold, release } = numbers();
      hold();
      const consumer = batcher.submit(1); // a consumer: no bound; its batch hangs (a frozen database)
      await sleep(5);
      const started = Date.now();
      const request = withQueryTimeout(100, () => batcher.submit(2));
      const error = await request.catch((e: unknown) => e);
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(databaseOutageOf(error)).toBe('timeout');
      // The unbounded caller is still waiting, then answered; the timed-out unit, never started, is not run.
      const late = batcher.submit(3);
      release();
      expect(await consumer).toBe('ok 1');
      expect(await late).toBe('ok 3');
      expect(runs).toEqual([[1], [3]]);
    });

    it('a bounded caller whose batch started gets its timeout while the batch may still commit', async () => {
      const { batcher, runs, hold, release } = numbers();
      hold();
      const request = withQueryTimeout(50, () => batcher.submit(1));
      const other = batcher.submit(2);
      await expect(request).rejects.toThrow('Query read timeout');
      release();
      expect(await other).toBe('ok 2');
      expect(runs).toEqual([[1, 2]]);
    });
  });

  describe('in the API process (boundStatementsByDefault): requests, outside any scope, get the default bound', () => {
    beforeEach(() => boundStatementsByDefault(2000));
    afterEach(() => boundStatementsByDefault(0));

    it('a batch of requests alone runs outside any scope, under their bound; one with unbounded work has none', async () => {
      const { batcher, bounds, scoped, hold, release } = numbers();
      hold();
      const first = withQueryTimeout(0, () => batcher.submit(1)); // a consumer (PROCESS_ROLE=all): no bound
      await new Promise((r) => setTimeout(r, 5));
      const requests = [batcher.submit(2), batcher.submit(3)];
      release();
      await Promise.all([first, ...requests]);
      await Promise.all([withQueryTimeout(0, () => batcher.submit(4)), batcher.submit(5)]);
      // [1] unbounded (a scope of its own); [2, 3] the requests' bound with no scope entered (no promise hooks:
      // query-scope.ts); [4, 5] none, as the consumer has none.
      expect(bounds).toEqual([undefined, undefined, 2000, 2000, undefined, undefined]);
      expect(scoped).toEqual([true, false, true]);
    });

    it('a request queued behind a hung batch gets a timeout (503) at the default bound', async () => {
      boundStatementsByDefault(100);
      const { batcher, hold, release } = numbers();
      hold();
      const consumer = withQueryTimeout(0, () => batcher.submit(1));
      await new Promise((r) => setTimeout(r, 5));
      const started = Date.now();
      const error = await batcher.submit(2).catch((e: unknown) => e);
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);
      expect(databaseOutageOf(error)).toBe('timeout');
      release();
      expect(await consumer).toBe('ok 1');
    });
  });
});
