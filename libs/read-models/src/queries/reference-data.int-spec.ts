import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ConsumerRunner, PostgresEventStore } from '@app/event-store';
import { boundStatementsByDefault, FixedClock, loadConfig } from '@app/platform';
import { createTestDataSource } from '@app/platform/testing';
import { PlanCatalogQueries } from '@app/plans';
import {
  MILESTONE_BOARD_CONSUMER,
  MilestoneBoardProjection,
} from '../milestone-board/milestone-board.projection';
import { ReadModelContext } from '../milestone-board/read-model-context';
import { appendInterleaved, randomMilestoneStreams, seededRandom } from '../testing';
import { MAX_AGE_MS, MIN_REFRESH_MS, ReadModelReferenceData, REFRESH_AGE_MS } from './reference-data';

const config = { ...loadConfig({}), consumerPollMs: 50 };

/** Projects a few random milestones (their zones, districts, units and sections) into the board's tables. */
async function projectMilestones(ds: DataSource, url: string): Promise<void> {
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
}

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

    await projectMilestones(ds, url);

    expect((await at(t0 + 1_000)).sections.size).toBe(0); // (within 2 s: as read)
    expect((await at(t0 + 2_500)).sections.size).toBeGreaterThan(0);
  });
});

/*
 * A copy past its refresh age is served while one read refreshes it in the background: no question waits for the
 * read (≈ 1 s at 100,000 milestones) once a minute. Requests are bounded as in the API process (300 ms here); the
 * refresh is not, being background work of its own bound.
 */
describe('reference data refreshed ahead, in the background (real PostgreSQL)', () => {
  const UNIT = 'dept-transport';
  let ds: DataSource;
  let close: () => Promise<void>;
  /** Added to the clock's time: how far the tests moved it on. */
  let skew = 0;
  let warn: jest.SpyInstance;

  const unitName = async (reference: ReadModelReferenceData) => (await reference.get()).units.get(UNIT);
  const renameUnit = (name: string) =>
    ds.query(`UPDATE plan_plans SET model = jsonb_set(model, '{units,0,name}', to_jsonb($1::text))`, [name]);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** `work`, or a failure once it has taken `ms`: a use that waited for a read held up by a lock. */
  const within = async <T>(ms: number, work: Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>(
      (_, reject) => (timer = setTimeout(() => reject(new Error('waited')), ms)),
    );
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  };
  /** Polls `probe` until it gives `expected` (5 s at most): what the uses see once the refresh is done. */
  const eventually = async <T>(probe: () => Promise<T>, expected: T): Promise<T> => {
    let seen = await probe();
    for (let deadline = Date.now() + 5_000; seen !== expected && Date.now() < deadline;) {
      await sleep(50);
      seen = await probe();
    }
    return seen;
  };
  /** Statements of a reference read waiting for a lock, as the server sees them. */
  const readsWaiting = async () => {
    const [row] = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE '%unnest(lead_units%'`,
    );
    return row!.n;
  };

  beforeAll(async () => {
    const t = await createTestDataSource();
    ds = t.dataSource;
    close = t.close;
    await projectMilestones(ds, t.db.url);
    const model = { zones: [], sections: [], tasks: [], units: [{ id: UNIT, name: '市交通运输局' }] };
    await ds.query(
      `INSERT INTO plan_plans (plan_key, title, document_sha256, imported_at, model)
       VALUES ('sanqu-2020', '三区规划', repeat('0', 64), now(), $1)`,
      [JSON.stringify(model)],
    );
  }, 60_000);

  afterAll(async () => close());

  beforeEach(() => {
    const real = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => real() + skew);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    boundStatementsByDefault(300);
  });

  afterEach(() => {
    boundStatementsByDefault(0);
    jest.restoreAllMocks();
  });

  it('past the refresh age a use is answered from the copy at once; one read refreshes it for all', async () => {
    const reference = new ReadModelReferenceData(ds, new PlanCatalogQueries(ds));
    expect(await unitName(reference)).toBe('市交通运输局');
    await renameUnit('市交通局');

    const holder = ds.createQueryRunner();
    await holder.connect();
    try {
      await holder.startTransaction();
      await holder.query('LOCK TABLE rm_milestones IN ACCESS EXCLUSIVE MODE'); // holds up any read
      skew += REFRESH_AGE_MS;
      const uses = Array.from({ length: 5 }, () => unitName(reference));
      expect(await within(500, Promise.all(uses))).toEqual(Array(5).fill('市交通运输局'));
      expect(await eventually(readsWaiting, 1)).toBe(1);
      await sleep(1_000); // longer than a request's bound: the refresh has its own
      expect(await within(500, unitName(reference))).toBe('市交通运输局');
      expect(await readsWaiting()).toBe(1); // the uses meanwhile share it
      await holder.commitTransaction();
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    expect(await eventually(() => unitName(reference), '市交通局')).toBe('市交通局');
    expect(warn).not.toHaveBeenCalled();
  });

  it('a failed refresh keeps the copy served, logged once, read again later; past the maximum age a use waits', async () => {
    const reference = new ReadModelReferenceData(ds, new PlanCatalogQueries(ds));
    await renameUnit('市交通运输局');
    expect(await unitName(reference)).toBe('市交通运输局');
    await renameUnit('交通运输局');
    const away = () => ds.query('ALTER TABLE rm_milestones RENAME TO rm_milestones_away');
    const back = () => ds.query('ALTER TABLE rm_milestones_away RENAME TO rm_milestones');
    /** The refreshes' failures logged (each after its stack: a fault of its own, not an outage). */
    const failures = () =>
      warn.mock.calls.map(([m]) => String(m)).filter((m) => m.startsWith('refreshing the reference data'));
    await away(); // every read fails
    try {
      skew += REFRESH_AGE_MS;
      expect(await unitName(reference)).toBe('市交通运输局');
      expect(await eventually(async () => failures().length, 1)).toBe(1);
      expect(failures()[0]).toMatch(
        /failed \(error: relation "rm_milestones" does not exist\); answering from the copy/,
      );

      skew += MIN_REFRESH_MS;
      expect(await unitName(reference)).toBe('市交通运输局'); // a second failed refresh, not logged again
      await sleep(200);
      expect(failures()).toHaveLength(1);

      await back();
      skew += MIN_REFRESH_MS;
      expect(await eventually(() => unitName(reference), '交通运输局')).toBe('交通运输局');

      await away();
      skew += MAX_AGE_MS;
      await expect(reference.get()).rejects.toThrow(/rm_milestones/);
    } finally {
      await back().catch(() => undefined);
    }
  });
});
