import { FailingRun } from './failing-run';

describe('FailingRun.resumed: the narrowing recorded by the loop before, taken over', () => {
  it.each([
    ['a limit of 0 (a row written by hand, or damaged)', 0, 1],
    ['a limit above the consumer’s (its batch size lowered since)', 10_000, 100],
    ['a limit within the consumer’s', 12, 12],
  ])('%s: batches of %p events become batches of %p', (_, recorded, limit) => {
    const run = FailingRun.resumed({ limit: recorded, until: 500 }, 100);
    expect(run.limit).toBe(limit);
    expect(run.narrowing).toEqual({ limit, until: 500 });
    expect(run.succeeded(499)).toBe(false); // short of the range's end: the limit holds
    expect(run.limit).toBe(limit);
    expect(run.succeeded(500)).toBe(true); // past it: back to the consumer's limit, the failure cleared
    expect(run.limit).toBeUndefined();
  });

  it('none recorded: the consumer’s limit, and the first success clears whatever is on the row', () => {
    const run = FailingRun.resumed(undefined, 100);
    expect(run.limit).toBeUndefined();
    expect(run.succeeded(1)).toBe(true);
    expect(run.succeeded(2)).toBe(false);
  });
});
