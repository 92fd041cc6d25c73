import type { Logger } from '@nestjs/common';
import { loadConfig } from '@app/platform';
import {
  appendWithPoison,
  PoisonedTally,
  storedCheckpoint,
  TallyConsumer,
  until,
} from '../testing/tally-consumer';
import { useTallyDatabase } from '../testing/tally-database';
import { testEvent } from '../testing/event-store.contract';
import { ConsumerLoop } from './consumer-loop';

const config = { ...loadConfig({}), consumerPollMs: 50, consumerBatchSize: 10 };
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;

describe('a consumer stepped over an event (projections skip, real PostgreSQL)', () => {
  const db = useTallyDatabase();

  it('skip: refuses any position but the next event, steps over it once, and the consumer goes on', async () => {
    const poisonId = await appendWithPoison(db.store);
    const c = new PoisonedTally('skipped');
    const r = db.runner();
    r.register(c);
    const loop = new ConsumerLoop(c, r, db.url, config, quiet, () => 20);
    loop.start();
    try {
      await until(async () => (await r.status())[0]?.failing?.position === 23);
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
      await until(async () => (await r.status())[0]?.failing === null);
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
    } finally {
      await loop.stop();
    }
  });

  it('skip: a consumer with types is stepped over its next event of those types only (forced: no failure)', async () => {
    await appendWithPoison(db.store);
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
    await appendWithPoison(db.store);
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
});
