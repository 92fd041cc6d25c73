import type { Logger } from '@nestjs/common';
import { loadConfig } from '@app/platform';
import { ConsumerFailures1764801600000 } from '../../../platform/src/database/migrations/1764801600000-consumer-failures';
import type { RecordedEvent } from '../event-store.port';
import { testEvent } from '../testing/event-store.contract';
import { PoisonedTally, storedCheckpoint, TallyConsumer, until } from '../testing/tally-consumer';
import { useTallyDatabase } from '../testing/tally-database';
import type { ConsumerRunner } from './consumer-runner';
import { ConsumerLoop } from './consumer-loop';

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

  /** 40 events, the 23rd marked poison; its event id. */
  async function appendWithPoison(): Promise<string> {
    let poisonId = '';
    for (let i = 1; i <= 40; i++) {
      const event = testEvent('N', i === 23 ? { n: i, poison: true } : { n: i });
      await db.store.append(`s-${i % 7}`, [event], 'any');
      if (i === 23) poisonId = event.eventId;
    }
    return poisonId;
  }

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

  it('skip: refuses any position but the next event, steps over it once, and the consumer goes on', async () => {
    const poisonId = await appendWithPoison();
    const c = new PoisonedTally('skipped');
    await withLoop(c, async (r) => {
      await until(async () => (await failure('skipped'))?.failing_position === '23');
      await expect(r.skip('skipped', 25, 'wrong')).rejects.toThrow(
        'Position 25 is not the next event skipped would handle (that is 23, after its checkpoint 22)',
      );
      await expect(r.skip('skipped', 41, 'wrong')).rejects.toThrow('No event at position 41');
      await expect(r.skip('skipped', 22, 'wrong')).rejects.toThrow('skipped is past position 22 already');
      expect(await db.ds.query('SELECT * FROM consumer_skips')).toEqual([]);

      expect(await r.skip('skipped', 23, 'malformed payload, fix pending')).toEqual({
        outcome: 'skipped',
        position: 23,
        eventId: poisonId,
        type: 'N',
        streamId: 's-2',
        forced: false,
      });
      await until(async () => (await storedCheckpoint(db.ds, 'skipped')) === 40);
      await until(async () => (await failure('skipped'))?.failing_since === null);
      expect(c.seen).toEqual(Array.from({ length: 40 }, (_, i) => i + 1).filter((p) => p !== 23));

      // Again: already done, nothing changes.
      expect(await r.skip('skipped', 23, 'again')).toMatchObject({ outcome: 'already', position: 23 });
      const skips = await db.ds.query<Record<string, unknown>[]>(
        'SELECT consumer, position, event_id, event_type, stream_id, reason, error, forced FROM consumer_skips',
      );
      expect(skips).toEqual([
        {
          consumer: 'skipped',
          position: '23',
          event_id: poisonId,
          event_type: 'N',
          stream_id: 's-2',
          reason: 'malformed payload, fix pending',
          error: `cannot read the payload of ${poisonId} (a second line)`,
          forced: false,
        },
      ]);
      expect((await r.status())[0]).toMatchObject({ position: 40, failing: null, skips: [23] });
    });
  });

  it('skip: a consumer with types is stepped over its next event of those types only (forced: no failure)', async () => {
    await appendWithPoison();
    await db.store.append('mine', [testEvent('Mine', { n: 1 })], 'any'); // 41
    const c = Object.assign(new TallyConsumer('typed'), { types: ['Mine'] });
    const r = db.runner();
    r.register(c);
    await expect(r.skip('typed', 23, 'not mine', { force: true })).rejects.toThrow(
      'that is 41, after its checkpoint 0',
    );
    expect(await r.skip('typed', 41, 'mine', { force: true })).toMatchObject({
      outcome: 'skipped',
      forced: true,
    });
    expect(await storedCheckpoint(db.ds, 'typed')).toBe(41);
    await expect(r.skip('typed', 42, 'none', { force: true })).rejects.toThrow('No event at position 42');
  });

  it('skip: refused unless the recorded failure names the event; --force steps over it anyway, kept as forced', async () => {
    await appendWithPoison();
    const r = db.runner();
    r.register(new TallyConsumer('behind'));
    const record = (position: number | null) =>
      db.ds.query(
        `INSERT INTO consumer_checkpoints AS c (name, failing_since, failures, last_error, failing_position)
         VALUES ('behind', now(), 3, 'boom', $1)
         ON CONFLICT (name) DO UPDATE SET failing_since = now(), failures = 3, last_error = 'boom',
           failing_position = $1`,
        [position],
      );
    await expect(r.skip('behind', 1, 'healthy')).rejects.toThrow(
      'behind has no failure recorded (it may just be behind): only the event a recorded failure names can be ' +
        'skipped; see projections status (--force steps over the next event anyway)',
    );
    await record(null);
    await expect(r.skip('behind', 1, 'pinning')).rejects.toThrow(
      'behind is failing but no event is named (being pinned down, or the error is not tied to an event)',
    );
    await record(7);
    await expect(r.skip('behind', 1, 'other')).rejects.toThrow('behind fails on event 7, not 1');
    expect(await storedCheckpoint(db.ds, 'behind')).toBe(0);
    expect(await db.ds.query('SELECT * FROM consumer_skips')).toEqual([]);

    expect(await r.skip('behind', 1, 'forced', { force: true })).toMatchObject({
      outcome: 'skipped',
      position: 1,
      forced: true,
    });
    expect(await r.skip('behind', 1, 'again')).toMatchObject({ outcome: 'already', forced: true });
    expect(await db.ds.query('SELECT position, reason, forced FROM consumer_skips')).toEqual([
      { position: '1', reason: 'forced', forced: true },
    ]);
    expect((await r.status())[0]).toMatchObject({ position: 1, failing: null, skips: [1] });
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
    // A batch that failed before its lock, where the checkpoint stands unknown: nothing recorded.
    await r.recordFailure(c, { ...later, checkpoint: undefined });
    expect((await r.status())[0]).toMatchObject({ position: 0, failing: null });
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
