import { loadConfig } from './app-config';
import { startUpkeep } from './upkeep';

describe('startUpkeep: the service’s own upkeep, never in a tool', () => {
  const config = loadConfig({});

  it('runs the task at once and on its timer in a service process; stops on shutdown', async () => {
    jest.useFakeTimers();
    try {
      let runs = 0;
      const stop = startUpkeep(config, 1000, async () => void runs++);
      expect(runs).toBe(1);
      await jest.advanceTimersByTimeAsync(2500);
      expect(runs).toBe(3);
      stop();
      await jest.advanceTimersByTimeAsync(5000);
      expect(runs).toBe(3);
    } finally {
      jest.useRealTimers();
    }
  });

  it('does nothing in the CLI or the demo (upkeep false), and a failing task does not escape', async () => {
    let runs = 0;
    startUpkeep({ ...config, upkeep: false }, 10, async () => void runs++)();
    expect(runs).toBe(0);
    const stop = startUpkeep(config, 60_000, () => Promise.reject(new Error('disk gone')));
    await new Promise((r) => setImmediate(r));
    stop();
  });
});
