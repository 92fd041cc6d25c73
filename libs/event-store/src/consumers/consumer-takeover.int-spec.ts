import type { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dataSourceOptions, loadConfig } from '@app/platform';
import { migrationNamed } from '@app/platform/testing';
import {
  appendWithPoison as appendWithPoisonTo,
  PoisonedTally,
  storedCheckpoint,
  until,
} from '../testing/tally-consumer';
import { useTallyDatabase } from '../testing/tally-database';
import { ConsumerRunner } from './consumer-runner';
import { ConsumerLoop } from './consumer-loop';
import { EventsListener } from './events-listener';

const ConsumerFailingRange1764888000000 = migrationNamed('ConsumerFailingRange1764888000000');

const config = { ...loadConfig({}), consumerPollMs: 50, consumerBatchSize: 10 };
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;

describe('a failing consumer taken over by another process, or stepped over from one (real PostgreSQL)', () => {
  const db = useTallyDatabase();

  const appendWithPoison = () => appendWithPoisonTo(db.store);

  const failure = async (name: string) =>
    (
      await db.ds.query<{ failures: number | null; failing_position: string | null }[]>(
        'SELECT failures, failing_position FROM consumer_checkpoints WHERE name = $1',
        [name],
      )
    )[0];

  /** A process's loop of `consumer`, with the process's listener (appends, checkpoints set by hand) wired to it. */
  function loopOf(consumer: PoisonedTally, backoff: () => number): { stop(): Promise<void> } {
    const r = db.runner();
    r.register(consumer);
    const loop = new ConsumerLoop(consumer, r, db.url, config, quiet, backoff);
    const listener = new EventsListener(db.url, quiet, {
      wake: () => loop.wake(),
      moved: (name) => {
        if (name === undefined || name === consumer.name) loop.checkpointMoved();
      },
    });
    listener.start();
    loop.start();
    return { stop: async () => void (await Promise.all([listener.stop(), loop.stop()])) };
  }

  it('a loop taking a failing consumer over goes on narrowing from where the one before it stopped', async () => {
    await appendWithPoison();
    // Batches of 32: 1-32 fails, 1-16 passes, 17-32 fails, 17-24 fails, 17-20 passes, 21-24 fails; then the first
    // process waits long and stops (a deploy, a crash).
    const first = Object.assign(new PoisonedTally('taken-over'), { batchSize: 32 });
    const before = loopOf(first, () => (first.failed >= 4 ? 600_000 : 20));
    try {
      await until(async () => (await failure('taken-over'))?.failures === 4);
    } finally {
      await before.stop();
    }
    expect(first.sizes).toEqual([32, 16, 16, 8, 4, 4]);
    expect(await storedCheckpoint(db.ds, 'taken-over')).toBe(20);

    // The second process: 21-22 passes (the event is further on, up to 24), 23-24 fails, 23 fails and is named.
    // From the full batch it would take 21-40, 21-30, 21-25, 21-22, 23-24, 23.
    const second = Object.assign(new PoisonedTally('taken-over'), { batchSize: 32 });
    const after = loopOf(second, () => 20);
    try {
      await until(async () => (await failure('taken-over'))?.failing_position === '23');
      expect(second.sizes.slice(0, 3)).toEqual([2, 2, 1]);
      expect(await storedCheckpoint(db.ds, 'taken-over')).toBe(22);

      // Fixed: the event passes, the failure (and its narrowing) is cleared, and batches are full again.
      second.broken = false;
      await until(async () => (await storedCheckpoint(db.ds, 'taken-over')) === 40);
      await until(async () => (await failure('taken-over'))?.failures === null);
      expect(second.sizes.at(-1)).toBe(17); // 24-40
      expect(
        await db.ds.query(
          `SELECT failing_limit, failing_until FROM consumer_checkpoints WHERE name = 'taken-over'`,
        ),
      ).toEqual([{ failing_limit: null, failing_until: null }]);
    } finally {
      await after.stop();
    }
  });

  it.each([
    ['ahead of the checkpoint: goes on from it', true, 24, [2, 2, 10, 6]],
    ['that the checkpoint has reached: ignored', true, 20, [10, 10]],
    ['that the checkpoint has passed (a reset, by an older version): ignored', true, 12, [10, 10]],
    ['whose end is unknown: ignored', true, null, [10, 10]],
    ['left without a failure (cleared by an older version): ignored, then cleared', false, 24, [10, 10]],
  ])('a recorded narrowing %s', async (_, failing, failingUntil, sizes) => {
    await appendWithPoison();
    await db.ds.query(
      `INSERT INTO consumer_checkpoints (name, position, failing_since, failures, last_error, failing_limit,
         failing_until) VALUES ('resumed', 20, CASE WHEN $1 THEN now() END, 3, 'boom', 2, $2)`,
      [failing, failingUntil],
    );
    const c = Object.assign(new PoisonedTally('resumed'), { broken: false });
    const loop = loopOf(c, () => 20);
    try {
      await until(async () => (await storedCheckpoint(db.ds, 'resumed')) === 40);
      await until(async () => (await failure('resumed'))?.failures === null);
    } finally {
      await loop.stop();
    }
    expect(c.sizes).toEqual(sizes);
    expect(
      await db.ds.query(
        `SELECT failing_limit, failing_until FROM consumer_checkpoints WHERE name = 'resumed'`,
      ),
    ).toEqual([{ failing_limit: null, failing_until: null }]);
  });

  it('a skip done by another process (the CLI) ends the wait after the failure at once', async () => {
    await appendWithPoison();
    const c = new PoisonedTally('woken');
    // Once a batch of the one event fails, the loop waits a minute before it retries.
    const loop = loopOf(c, () => (c.sizes.at(-1) === 1 ? 60_000 : 20));
    const cli = new DataSource(dataSourceOptions(db.url, { logging: false }));
    await cli.initialize();
    try {
      await until(async () => (await failure('woken'))?.failing_position === '23');
      const runner = new ConsumerRunner(cli, db.url, config);
      runner.register(new PoisonedTally('woken'));
      const skipped = Date.now();
      await runner.skip('woken', 23, 'malformed payload');
      await until(async () => (await storedCheckpoint(db.ds, 'woken')) === 40);
      expect(Date.now() - skipped).toBeLessThan(5_000);
      expect(c.seen).toEqual(Array.from({ length: 40 }, (_, i) => i + 1).filter((p) => p !== 23));
    } finally {
      await loop.stop();
      await cli.destroy();
    }
  });

  it('the migration goes down and up again', async () => {
    const q = db.ds.createQueryRunner();
    const columns = async () =>
      (
        await db.ds.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM information_schema.columns
            WHERE table_name = 'consumer_checkpoints' AND column_name IN ('failing_limit', 'failing_until')`,
        )
      )[0]?.n;
    try {
      await new ConsumerFailingRange1764888000000().down(q);
      expect(await columns()).toBe(0);
      await new ConsumerFailingRange1764888000000().up(q);
      expect(await columns()).toBe(2);
    } finally {
      await q.release();
    }
  });
});
