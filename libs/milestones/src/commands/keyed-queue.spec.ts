import { KeyedQueue, QueueWaitTimeout } from './keyed-queue';

describe('KeyedQueue', () => {
  it('runs tasks of one key one at a time in arrival order, other keys alongside; forgets idle keys', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const task = (name: string) => async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      log.push(`${name}+`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`${name}-`);
      running--;
      return name;
    };
    const results = await Promise.all([
      q.run('a', 1000, task('a1')),
      q.run('a', 1000, task('a2')),
      q.run('b', 1000, task('b1')),
      q.run('a', 1000, () => Promise.reject(new Error('a3 failed'))).catch((e: Error) => e.message),
      q.run('a', 1000, task('a4')),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1', 'a3 failed', 'a4']);
    const a = log.filter((l) => l.startsWith('a'));
    expect(a).toEqual(['a1+', 'a1-', 'a2+', 'a2-', 'a4+', 'a4-']);
    expect(maxRunning).toBe(2); // a and b at the same time, never two a's
    expect(q.size).toBe(0);
  });

  it('a task that waits longer than allowed gives up; the ones after it still run', async () => {
    const q = new KeyedQueue();
    let release!: () => void;
    const first = q.run('k', 1000, () => new Promise<string>((r) => (release = () => r('first'))));
    const impatient = q.run('k', 20, () => Promise.resolve('never'));
    const patient = q.run('k', 5000, () => Promise.resolve('patient'));
    await expect(impatient).rejects.toBeInstanceOf(QueueWaitTimeout);
    release();
    expect(await first).toBe('first');
    expect(await patient).toBe('patient');
    expect(q.size).toBe(0);
  });
});
