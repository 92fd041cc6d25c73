import { getEventListeners } from 'node:events';
import { beginShutdown, resetShutdownForTests, shutdownSignal } from './shutdown';

describe('shutdownSignal (the one source for "the stop began")', () => {
  afterEach(resetShutdownForTests);

  it('fires once, at beginShutdown, for every listener; a second beginShutdown fires nothing more', () => {
    const signal = shutdownSignal();
    const heard: string[] = [];
    signal.addEventListener('abort', () => heard.push('a'));
    signal.addEventListener('abort', () => heard.push('b'));
    expect(signal.aborted).toBe(false);
    beginShutdown();
    beginShutdown();
    expect(heard).toEqual(['a', 'b']);
    expect(shutdownSignal()).toBe(signal);
    expect(signal.aborted).toBe(true);
    expect(String(signal.reason)).toMatch(/began to stop/);
  });

  it('starts afresh for the next app in the same process (tests): a new, unfired signal', () => {
    const first = shutdownSignal();
    beginShutdown();
    resetShutdownForTests();
    expect(shutdownSignal()).not.toBe(first);
    expect(shutdownSignal().aborted).toBe(false);
    expect(first.aborted).toBe(true);
  });

  it('holds no timer and no listener of its own: nothing is left for the process to wait on', () => {
    jest.useFakeTimers();
    try {
      const signal = shutdownSignal();
      expect(jest.getTimerCount()).toBe(0);
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
      beginShutdown();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
