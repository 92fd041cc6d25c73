import type { DataSource } from 'typeorm';
import { ConsumerRunner, newEventId, PostgresEventStore } from '@app/event-store';
import { milestoneStreamId } from '@app/milestones';
import { FixedClock, loadConfig } from '@app/platform';
import { createTestDataSource } from '@app/platform/testing';
import { appendInterleaved, randomMilestoneStreams, seededRandom } from '../testing';
import { MILESTONE_BOARD_CONSUMER, MilestoneBoardProjection } from './milestone-board.projection';
import { ReadModelContext } from './read-model-context';

const config = { ...loadConfig({}), consumerPollMs: 50 };

async function until(what: string, cond: () => Promise<boolean>, ms = 45_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`not reached in ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The story of a stored event the board cannot read, with the real projection, decoder and loop: the board stops
 * right before it and says which event and why (what the dashboard's banner and `projections status` show), an
 * operator steps it over, and the board goes on with the events after it.
 */
describe('the milestone board stuck on a malformed event (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let runner: ConsumerRunner;

  beforeAll(async () => {
    const t = await createTestDataSource();
    ds = t.dataSource;
    close = t.close;
    runner = new ConsumerRunner(ds, t.db.url, config);
    runner.register(
      new MilestoneBoardProjection(
        runner,
        new ReadModelContext(config, new FixedClock('2022-03-15T04:00:00Z')),
      ),
    );
  }, 60_000);

  afterAll(async () => {
    await runner.onApplicationShutdown();
    await close();
  });

  const board = async () => (await runner.status()).find((s) => s.name === MILESTONE_BOARD_CONSUMER)!;
  const rows = async (prefix: string) =>
    Number(
      (
        await ds.query<{ n: string }[]>(
          'SELECT count(*) AS n FROM rm_milestones WHERE milestone_id LIKE $1',
          [`${prefix}-%`],
        )
      )[0]!.n,
    );

  it('stops right before it, names it, and goes on once it is skipped', async () => {
    const store = new PostgresEventStore(ds);
    const rng = seededRandom(28);
    await appendInterleaved(
      rng,
      store,
      'a',
      randomMilestoneStreams(rng, { prefix: 'a', events: 10, perStream: 5 }),
    );
    const poison = await store.append(
      milestoneStreamId('a-0'),
      [
        {
          eventId: newEventId(),
          type: 'ProgressReported',
          data: { garbage: true },
          metadata: { occurredAt: '2021-03-01T02:00:00.000Z', actor: { system: 'test' } },
        },
      ],
      'any',
    );
    await appendInterleaved(
      rng,
      store,
      'b',
      randomMilestoneStreams(rng, { prefix: 'b', events: 10, perStream: 5 }),
    );

    runner.start();
    await until(
      'the board pins the event down',
      async () => (await board()).failing?.position === poison.position,
    );
    const stuck = await board();
    expect(stuck.position).toBe(poison.position - 1);
    expect(stuck.failing?.error).toContain('is not a valid ProgressReported');
    expect(await rows('a')).toBeGreaterThan(0);
    expect(await rows('b')).toBe(0);

    expect(await runner.skip(MILESTONE_BOARD_CONSUMER, poison.position, 'garbage payload')).toMatchObject({
      outcome: 'skipped',
      position: poison.position,
    });
    await until('the board reaches the head', async () => {
      const s = await board();
      return s.lag === 0 && s.failing === null;
    });
    expect(await rows('b')).toBeGreaterThan(0);
    expect((await board()).skips).toEqual([poison.position]);
  }, 90_000);
});
