import { getEventListeners } from 'node:events';
import { beginShutdown, shutdownSignal } from '@app/platform';
import { resetShutdownForTests } from '@app/platform/testing';
import { cutOffOnStop } from './cut-off-on-stop';

/** The timers pending (jest's fake clock sees unref'd ones too). */
const timers = (): number => jest.getTimerCount();

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('cutOffOnStop (a send under way, cut off `ms` after the stop began)', () => {
  it('never fires while the service runs, however long the send', () => {
    const stop = new AbortController();
    const cut = cutOffOnStop(stop.signal, 1000);
    jest.advanceTimersByTime(60_000);
    expect(cut.signal.aborted).toBe(false);
    cut.dispose();
  });

  it('fires `ms` after the stop, not before', () => {
    const stop = new AbortController();
    const cut = cutOffOnStop(stop.signal, 1000);
    jest.advanceTimersByTime(5000);
    stop.abort();
    jest.advanceTimersByTime(999);
    expect(cut.signal.aborted).toBe(false);
    jest.advanceTimersByTime(1);
    expect(cut.signal.aborted).toBe(true);
    cut.dispose();
  });

  it('a send begun after the stop also gets `ms`', () => {
    const stop = new AbortController();
    stop.abort();
    const cut = cutOffOnStop(stop.signal, 1000);
    jest.advanceTimersByTime(999);
    expect(cut.signal.aborted).toBe(false);
    jest.advanceTimersByTime(1);
    expect(cut.signal.aborted).toBe(true);
  });
});

describe('cutOffOnStop disposed (the send is over): nothing left behind', () => {
  it('its listener on the stop signal is removed, and a stop after it starts no timer', () => {
    const stop = new AbortController();
    const cut = cutOffOnStop(stop.signal, 1000);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
    cut.dispose();
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    stop.abort();
    expect(timers()).toBe(0);
    jest.advanceTimersByTime(60_000);
    expect(cut.signal.aborted).toBe(false);
  });

  it('disposed after the stop, its timer is cleared', () => {
    const stop = new AbortController();
    const cut = cutOffOnStop(stop.signal, 60_000);
    expect(timers()).toBe(0); // no polling while the service runs
    stop.abort();
    expect(timers()).toBe(1);
    cut.dispose();
    expect(timers()).toBe(0);
  });

  it('on the process stop (shutdownSignal): each send leaves no listener behind on the long-lived signal', () => {
    try {
      for (let i = 0; i < 3; i++) cutOffOnStop(shutdownSignal(), 1000).dispose();
      expect(getEventListeners(shutdownSignal(), 'abort')).toHaveLength(0);
      const cut = cutOffOnStop(shutdownSignal(), 1000);
      beginShutdown();
      jest.advanceTimersByTime(1000);
      expect(cut.signal.aborted).toBe(true);
      cut.dispose();
    } finally {
      resetShutdownForTests();
    }
  });
});
