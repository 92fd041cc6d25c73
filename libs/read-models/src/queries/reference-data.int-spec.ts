import type { DataSource } from 'typeorm';
import { ConsumerRunner, PostgresEventStore } from '@app/event-store';
import { FixedClock, loadConfig } from '@app/platform';
import { createTestDataSource } from '@app/platform/testing';
import { PlanCatalogQueries } from '@app/plans';
import {
  MILESTONE_BOARD_CONSUMER,
  MilestoneBoardProjection,
} from '../milestone-board/milestone-board.projection';
import { ReadModelContext } from '../milestone-board/read-model-context';
import { appendInterleaved, randomMilestoneStreams, seededRandom } from '../testing';
import { ReadModelReferenceData } from './reference-data';

const config = { ...loadConfig({}), consumerPollMs: 50 };

/*
 * A query process that asked before any plan was projected (an API-only process on a fresh database, before the
 * workers project the seed) does not keep that empty answer for a minute: its labels would be unit ids meanwhile.
 */
describe('reference data read before the plan is projected (real PostgreSQL)', () => {
  let ds: DataSource;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const t = await createTestDataSource();
    ds = t.dataSource;
    url = t.db.url;
    close = t.close;
  }, 60_000);

  afterAll(async () => close());

  it('an empty read is read again after 2 s, not kept a minute', async () => {
    const reference = new ReadModelReferenceData(ds, new PlanCatalogQueries(ds));
    const at = async (ms: number) => {
      const now = jest.spyOn(Date, 'now').mockReturnValue(ms);
      try {
        return await reference.get();
      } finally {
        now.mockRestore();
      }
    };
    const t0 = 1_000_000;
    expect((await at(t0)).sections.size).toBe(0);

    const rng = seededRandom(42);
    const streams = randomMilestoneStreams(rng, { prefix: 'rd', events: 60, perStream: 6 });
    await appendInterleaved(rng, new PostgresEventStore(ds), 'rd', streams);
    const runner = new ConsumerRunner(ds, url, config);
    runner.register(
      new MilestoneBoardProjection(
        runner,
        new ReadModelContext(config, new FixedClock('2022-03-15T04:00:00Z')),
      ),
    );
    runner.start();
    try {
      const head = await new PostgresEventStore(ds).headPosition();
      expect(await runner.waitForPosition(head, 60_000, [MILESTONE_BOARD_CONSUMER])).toBe(true);
    } finally {
      await runner.onApplicationShutdown();
    }

    expect((await at(t0 + 1_000)).sections.size).toBe(0); // (within 2 s: as read)
    expect((await at(t0 + 2_500)).sections.size).toBeGreaterThan(0);
  });
});
