import { GroupCommit, type UnitOutcome } from './group-commit';

/** A batcher over numbers: a unit `n` weighs `n`; negative units fail alone; `runs` records each batch. */
function numbers(opts: { maxUnits?: number; maxWeight?: number; failBatch?: boolean } = {}) {
  const runs: number[][] = [];
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  const batcher = new GroupCommit<number, string>(
    async (units) => {
      runs.push([...units]);
      await gate;
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
});
