import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { stallWatch } from './upload-stall';

describe('stallWatch (an evidence upload that stopped moving)', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('gives up once nothing moved for the whole time, and only once', () => {
    const stalled = jest.fn();
    stallWatch(30_000, stalled);
    jest.advanceTimersByTime(29_999);
    expect(stalled).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    jest.advanceTimersByTime(60_000);
    expect(stalled).toHaveBeenCalledTimes(1);
  });

  it('waits again from each sign of progress: a slow upload that keeps moving is no stall', () => {
    const stalled = jest.fn();
    const w = stallWatch(30_000, stalled);
    for (let i = 0; i < 10; i++) {
      jest.advanceTimersByTime(20_000);
      w.poke();
    }
    expect(stalled).not.toHaveBeenCalled();
    jest.advanceTimersByTime(30_000);
    expect(stalled).toHaveBeenCalledTimes(1);
  });

  it('never fires once stopped (the upload answered, failed or was cancelled)', () => {
    const stalled = jest.fn();
    const w = stallWatch(30_000, stalled);
    w.stop();
    w.poke();
    jest.advanceTimersByTime(120_000);
    expect(stalled).not.toHaveBeenCalled();
  });
});
