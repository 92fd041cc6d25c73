import { relaunchUntilUp } from './embedded-launch';

describe('relaunchUntilUp (the embedded server died under us) and the stop', () => {
  it('a stop during the backoff ends it at once, with no further launch', async () => {
    const stop = new AbortController();
    let launches = 0;
    const lines: string[] = [];
    const started = Date.now();
    const done = relaunchUntilUp(
      5432,
      async () => {
        launches++;
        throw new Error('could not start');
      },
      stop.signal,
      (line) => lines.push(line),
    );
    await new Promise((r) => setTimeout(r, 100)); // in the first backoff (500 ms)
    stop.abort();
    await done;
    expect(Date.now() - started).toBeLessThan(400);
    expect(launches).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/restart failed, retrying: could not start/)]);
  });

  it('stopped before it began, launches nothing', async () => {
    const stop = new AbortController();
    stop.abort();
    const launch = jest.fn(async () => undefined);
    await relaunchUntilUp(5432, launch, stop.signal, () => undefined);
    expect(launch).not.toHaveBeenCalled();
  });
});
