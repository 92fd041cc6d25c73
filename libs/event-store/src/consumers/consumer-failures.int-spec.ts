import type { Logger } from '@nestjs/common';
import { loadConfig } from '@app/platform';
import { migrationNamed } from '@app/platform/testing';
import type { RecordedEvent } from '../event-store.port';
import {
  appendWithPoison as appendWithPoisonTo,
  PoisonedTally,
  storedCheckpoint,
  TallyConsumer,
  until,
} from '../testing/tally-consumer';
import { useTallyDatabase } from '../testing/tally-database';
import type { ConsumerRunner } from './consumer-runner';
import { ConsumerLoop } from './consumer-loop';

const ConsumerFailures1764801600000 = migrationNamed('ConsumerFailures1764801600000');

/** A tally whose batches all fail, as without a table it needs (SQLSTATE 42P01): the batch sizes it was given. */
class TablelessTally extends TallyConsumer {
  sizes: number[] = [];
  override async handle(events: readonly RecordedEvent[]): Promise<void> {
    this.sizes.push(events.length);
    throw Object.assign(new Error('relation "tally_v2" does not exist'), { code: '42P01' });
  }
}

const config = { ...loadConfig({}), consumerPollMs: 50, consumerBatchSize: 10 };
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;

interface FailureRow {
  failing_since: Date | null;
  failures: number | null;
  last_error: string | null;
  failing_position: string | null;
  failing_event_id: string | null;
}

describe('a consumer stuck on one event (real PostgreSQL)', () => {
  const db = useTallyDatabase();

  const appendWithPoison = () => appendWithPoisonTo(db.store);

  const failure = async (name: string): Promise<FailureRow | undefined> =>
    (
      await db.ds.query<FailureRow[]>(
        `SELECT failing_since, failures, last_error, failing_position, failing_event_id
           FROM consumer_checkpoints WHERE name = $1`,
        [name],
      )
    )[0];

  /** The consumer's loop on a runner with batches of 10, retrying after 20 ms; stopped after `body`. */
  async function withLoop(
    consumer: TallyConsumer,
    body: (r: ConsumerRunner, loop: ConsumerLoop) => Promise<void>,
  ): Promise<void> {
    const r = db.runner();
    r.register(consumer);
    const loop = new ConsumerLoop(consumer, r, db.url, config, quiet, () => 20);
    loop.start();
    try {
      await body(r, loop);
    } finally {
      await loop.stop();
    }
  }

  it('pins the failing event down: everything before it applied, nothing after, the event and error recorded', async () => {
    const poisonId = await appendWithPoison();
    const c = new PoisonedTally('poisoned');
    await withLoop(c, async (r, loop) => {
      await until(async () => (await failure('poisoned'))?.failing_position === '23');
      expect(c.seen).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
      expect(await storedCheckpoint(db.ds, 'poisoned')).toBe(22);
      const row = await failure('poisoned');
      expect(row?.failing_event_id).toBe(poisonId);
      expect(row?.failures).toBeGreaterThanOrEqual(4); // batches 21-30, 21-25, 23-24, 23
      expect(row?.last_error).toBe(`cannot read the payload of ${poisonId} (a second line)`);
      const [status] = await r.status();
      expect(status).toMatchObject({
        name: 'poisoned',
        position: 22,
        lag: 18,
        skips: [],
        failing: { position: 23, eventId: poisonId, error: row?.last_error, failures: expect.any(Number) },
      });
      expect(status?.failing?.since).toEqual(row?.failing_since);
      // Read-your-writes does not wait out its timeout for a consumer stuck short of the position.
      const asked = Date.now();
      expect(await r.waitForPosition(40, 10_000, ['poisoned'])).toBe(false);
      expect(Date.now() - asked).toBeLessThan(5_000);

      // Fixed: the next batch takes the event, the failure is cleared, and the consumer goes on to the head.
      c.broken = false;
      loop.wake();
      await until(async () => (await storedCheckpoint(db.ds, 'poisoned')) === 40);
      await until(async () => (await failure('poisoned'))?.failing_since === null);
      expect(await failure('poisoned')).toEqual({
        failing_since: null,
        failures: null,
        last_error: null,
        failing_position: null,
        failing_event_id: null,
      });
      expect(c.seen).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect((await r.status())[0]?.failing).toBeNull();
    });
  });

  it('an error not tied to an event (a missing table, 42P01) is recorded without an event, the batch not halved', async () => {
    await appendWithPoison();
    const c = new TablelessTally('tableless');
    await withLoop(c, async (r) => {
      await until(async () => ((await failure('tableless'))?.failures ?? 0) >= 4);
      expect(new Set(c.sizes)).toEqual(new Set([10]));
      expect(await failure('tableless')).toMatchObject({
        last_error: 'relation "tally_v2" does not exist',
        failing_position: null,
        failing_event_id: null,
      });
      expect(await storedCheckpoint(db.ds, 'tableless')).toBe(0);
      expect((await r.status())[0]?.failing).toMatchObject({
        sqlState: '42P01',
        eventBound: false,
        position: null,
      });
      await expect(r.skip('tableless', 1, 'innocent')).rejects.toThrow('no event is named');
    });
  });

  it('a failure recorded after a skip or a reset moved the checkpoint its batch locked leaves the row clear', async () => {
    const poisonId = await appendWithPoison();
    const c = new TallyConsumer('raced');
    const r = db.runner();
    r.register(c);
    await db.ds.query(`INSERT INTO consumer_checkpoints (name, position) VALUES ('raced', 22)`);
    const event = { position: 23, eventId: poisonId };
    const failed = { error: new Error('boom'), event, checkpoint: { position: 22, moves: 0 } };
    await r.recordFailure(c, failed); // the loop's batch 23 (locked at 22) failed: recorded
    expect((await r.status())[0]?.failing).toMatchObject({ position: 23, failures: 1 });
    await r.skip('raced', 23, 'poison'); // waited on the row lock while the batch rolled back; then the loop:
    await r.recordFailure(c, failed);
    expect((await r.status())[0]).toMatchObject({ position: 23, failing: null });
    const later = { ...failed, checkpoint: { position: 23, moves: 1 } }; // a later batch's failure: recorded
    await r.recordFailure(c, later);
    expect((await r.status())[0]?.failing).toMatchObject({ position: 23, failures: 1 });

    // A batch 24-27 (locked at 23) fails; a rebuild's reset, waiting on the row lock, zeroes the checkpoint and
    // clears the failure first; then the loop records its failure: nothing (not failing, nothing to narrow).
    await r.reset('raced');
    const narrowing = { limit: 2, until: 27 };
    await r.recordFailure(c, { ...later, event: undefined, narrowing });
    expect((await r.status())[0]).toMatchObject({ position: 0, failing: null });
    expect(await r.checkpointState(c)).toEqual({ position: 0, moves: 2, narrowing: undefined });

    // The same from 0 to 0: a batch locked at 0 fails, a reset to 0 clears; its failure is not written back.
    await r.recordFailure(c, { ...later, checkpoint: { position: 0, moves: 2 } });
    expect((await r.status())[0]?.failing).toMatchObject({ failures: 1 });
    await r.reset('raced');
    await r.recordFailure(c, { ...later, checkpoint: { position: 0, moves: 2 } });
    expect((await r.status())[0]).toMatchObject({ position: 0, failing: null });
    // A batch that failed before its lock knows only the moves: a position moved without a hand move (a catch-up,
    // another process) does not hide it; a hand move since does.
    const { moves } = await r.checkpointState(c);
    await r.recordFailure(c, { ...later, checkpoint: { moves } });
    expect((await r.status())[0]?.failing).toMatchObject({ failures: 1 });
    await r.reset('raced');
    await r.recordFailure(c, { ...later, checkpoint: { moves } });
    expect((await r.status())[0]).toMatchObject({ position: 0, failing: null });
    // Where the checkpoint stands unknown, a failure is recorded all the same: a real one is never hidden.
    await r.recordFailure(c, { ...later, checkpoint: undefined });
    expect((await r.status())[0]?.failing).toMatchObject({ failures: 1 });
  });

  it('the migration goes down and up again', async () => {
    const q = db.ds.createQueryRunner();
    const columns = async () =>
      (
        await db.ds.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM information_schema.columns
            WHERE table_name = 'consumer_checkpoints'
              AND column_name IN ('failing_since', 'failing_position', 'failing_event_id')`,
        )
      )[0]?.n;
    try {
      await new ConsumerFailures1764801600000().down(q);
      expect(await columns()).toBe(0);
      await new ConsumerFailures1764801600000().up(q);
      expect(await columns()).toBe(3); // failing_since, failing_position, failing_event_id
    } finally {
      await q.release();
    }
  });
});
