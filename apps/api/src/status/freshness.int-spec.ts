import type { DataSource } from 'typeorm';
import { ConsumerRunner, type EventConsumer, PostgresEventStore } from '@app/event-store';
import { loadConfig } from '@app/platform';
import { createTestDataSource } from '@app/platform/testing';
import { freshnessOf } from './freshness';

/** A consumer that counts nothing: only its checkpoint matters here. */
const idle: EventConsumer = { name: 'board', handle: async () => undefined };
const WATCHED = [{ name: 'board', labelZh: '里程碑看板', affects: 'figures' }] as const;

/** The status of a consumer, read from real PostgreSQL: the oldest event it has not counted, on the DB's clock. */
describe('freshness: the oldest pending event (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let runner: ConsumerRunner;
  let store: PostgresEventStore;

  beforeAll(async () => {
    const t = await createTestDataSource();
    ({ dataSource: ds, close } = t);
    store = new PostgresEventStore(ds);
    runner = new ConsumerRunner(ds, t.db.url, { ...loadConfig({}), consumerPollMs: 50 });
    runner.register(idle);
  });
  afterAll(async () => {
    await runner?.onApplicationShutdown();
    await close?.();
  });

  const recordedAt = async (position: number): Promise<Date> => {
    const [r] = await ds.query<{ recorded_at: Date }[]>(
      'SELECT recorded_at FROM events WHERE global_position = $1',
      [position],
    );
    return r!.recorded_at;
  };
  const status = async () => (await runner.status())[0]!;
  // Stated as long past (`occurredAt`): what counts is when the store recorded it.
  const append = (n: number) =>
    store.append(
      `s-${n}`,
      [
        {
          eventId: crypto.randomUUID(),
          type: 'N',
          data: { n },
          metadata: { occurredAt: '2021-03-01T00:00:00.000Z' },
        },
      ],
      'any',
    );

  it('no event and no checkpoint: nothing pending', async () => {
    expect(await status()).toMatchObject({ lag: 0, updatedAt: null, oldestPendingAt: null });
  });

  it('gives the first event after the checkpoint, null at the head, and judges its age on the DB clock', async () => {
    for (let n = 1; n <= 3; n++) await append(n);
    // Never run: the first event of all is the oldest pending one.
    const fresh = await status();
    expect(fresh).toMatchObject({ lag: 3, updatedAt: null, oldestPendingAt: await recordedAt(1) });
    expect(fresh.readAt.getTime()).toBeGreaterThanOrEqual(fresh.oldestPendingAt!.getTime());

    await runner.catchUp('board');
    expect(await status()).toMatchObject({ position: 3, lag: 0, oldestPendingAt: null });

    // A checkpoint after event 1: event 2 (not 1, not 3) has waited the longest.
    await ds.query(`UPDATE consumer_checkpoints SET position = 1 WHERE name = 'board'`);
    const s = await status();
    expect(s).toMatchObject({ position: 1, lag: 2, oldestPendingAt: await recordedAt(2) });
    expect((await recordedAt(2)).getTime()).not.toBe((await recordedAt(3)).getTime());

    // Read now: just recorded, current; the same status judged 31 s after it was read: behind.
    const judged = (after: number) =>
      freshnessOf([s], WATCHED, new Date(s.readAt.getTime() + after * 1000), false).consumers[0];
    expect(judged(0)).toMatchObject({ state: 'current', pendingSince: s.oldestPendingAt!.toISOString() });
    expect(judged(0)?.pendingSinceSeconds).toBeLessThan(30);
    expect(judged(31)).toMatchObject({ state: 'behind' });
  });
});
