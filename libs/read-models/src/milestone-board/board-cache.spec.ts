import { BoardCache } from './board-cache';
import type { MilestoneBoard } from './board-state';

/** The cache only hands boards back: their content does not matter here. */
const board = (id: string) => ({ plan: { plan_key: id }, assignments: [] }) as unknown as MilestoneBoard;

/** A queue that counts its reads and finds no rows (so a read returns nothing for the milestone). */
function countingQueue() {
  const reads: unknown[][] = [];
  return {
    reads,
    query: <T>(_sql: unknown, params?: unknown[]): Promise<T> => {
      reads.push(params ?? []);
      return Promise.resolve([] as T);
    },
  };
}

describe('BoardCache: remembered boards count only for the batch that follows on', () => {
  const written = new Map([['m1', board('m1')]]);

  it('serves the remembered board to the next batch that starts right after the written one', async () => {
    const cache = new BoardCache();
    cache.batchBegins(1, false);
    cache.keep(written, false);
    cache.batchWritten(10);
    cache.batchBegins(11, false);
    const queue = countingQueue();
    const found = await cache.load(queue, ['m1'], false);
    expect(found.get('m1')).toBe(written.get('m1'));
    expect(queue.reads).toEqual([]);
  });

  it('reads from the database when the batch does not follow on (another process applied 11-19)', async () => {
    const cache = new BoardCache();
    cache.batchBegins(1, false);
    cache.keep(written, false);
    cache.batchWritten(10);
    cache.batchBegins(20, false);
    const queue = countingQueue();
    const found = await cache.load(queue, ['m1'], false);
    expect(queue.reads).toEqual([[['m1']]]);
    expect(found.has('m1')).toBe(false);
  });

  it('reads from the database when the last batch was not written (a failed commit)', async () => {
    const cache = new BoardCache();
    cache.batchBegins(1, false);
    cache.keep(written, false);
    cache.batchBegins(11, false); // batchWritten never came for the batch from 1
    const queue = countingQueue();
    await cache.load(queue, ['m1'], false);
    expect(queue.reads).toEqual([[['m1']]]);
  });
});
