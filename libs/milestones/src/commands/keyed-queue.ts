/** The wait in a queue took longer than the caller allowed. */
export class QueueWaitTimeout extends Error {
  constructor(readonly key: string) {
    super(`waited too long for ${key}`);
  }
}

/**
 * Runs tasks one at a time per key, in arrival order, inside this process: commands on one milestone stream
 * then never race each other (a race costs a reload and a retry), only writers in other processes can.
 * A task that waits longer than `maxWaitMs` for its turn gives up with QueueWaitTimeout (its turn is skipped).
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, maxWaitMs: number, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    try {
      await waitAtMost(previous, maxWaitMs, key);
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with a task running or waiting (for tests). */
  get size(): number {
    return this.tails.size;
  }
}

async function waitAtMost(p: Promise<void>, ms: number, key: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new QueueWaitTimeout(key)), Math.max(0, ms));
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
