import { boundStatementsByDefault, currentBoundMs, withQueryTimeout } from './query-scope';

/** What a statement sent after `ms` would be bounded to, from work started now. */
function boundAfter(ms: number): Promise<number> {
  return new Promise((resolve) => setTimeout(() => resolve(currentBoundMs()), ms));
}

describe('withQueryTimeout: a background scope lasts as long as its work', () => {
  beforeEach(() => boundStatementsByDefault(10_000)); // the API process: requests bounded by default
  afterEach(() => boundStatementsByDefault(0));

  it('work returned as a promise: its later statements are unbounded, not bounded as a request', async () => {
    await expect(withQueryTimeout(0, () => boundAfter(20))).resolves.toBe(0);
  });

  it('work returned as a thenable that is not a Promise (a query builder, a custom awaitable): the same', async () => {
    const later = withQueryTimeout(0, () => {
      const work = boundAfter(20);
      const thenable: PromiseLike<number> = { then: work.then.bind(work) };
      return thenable;
    });
    await expect(later).resolves.toBe(0);
  });

  it('once the work is done, statements outside any scope get the requests’ bound again', async () => {
    await withQueryTimeout(0, () => boundAfter(5));
    expect(await boundAfter(5)).toBe(10_000);
  });
});
