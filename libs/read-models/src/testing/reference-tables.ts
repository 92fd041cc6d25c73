import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ConsumerRunner, PostgresEventStore } from '@app/event-store';
import { boundStatementsByDefault, FixedClock, loadConfig, withQueryTimeout } from '@app/platform';
import { createTestDataSource } from '@app/platform/testing';
import {
  MILESTONE_BOARD_CONSUMER,
  MilestoneBoardProjection,
} from '../milestone-board/milestone-board.projection';
import { ReadModelContext } from '../milestone-board/read-model-context';
import { appendInterleaved, randomMilestoneStreams } from './random-event-log';
import { seededRandom } from './random-plan';
import type { ReadModelReferenceData } from '../queries/reference-data';

const config = { ...loadConfig({}), consumerPollMs: 50 };

/** The unit the plan of `referenceTables` declares, and its name there. */
export const PLAN_UNIT = { id: 'dept-transport', name: '市交通运输局' } as const;

/** Projects a few random milestones (their zones, districts, units and sections) into the board's tables. */
export async function projectMilestones(ds: DataSource, url: string): Promise<void> {
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

/** A test database with milestones projected and a plan that names `PLAN_UNIT`. */
export async function referenceTables(): Promise<{ ds: DataSource; close: () => Promise<void> }> {
  const t = await createTestDataSource();
  await projectMilestones(t.dataSource, t.db.url);
  const model = { zones: [], sections: [], tasks: [], units: [{ ...PLAN_UNIT }] };
  await t.dataSource.query(
    `INSERT INTO plan_plans (plan_key, title, document_sha256, imported_at, model)
     VALUES ('sanqu-2020', '三区规划', repeat('0', 64), now(), $1)`,
    [JSON.stringify(model)],
  );
  return { ds: t.dataSource, close: t.close };
}

/**
 * The harness of a describe block on the reference data: the tables of `referenceTables` (read through `ds`), a clock
 * the tests move on (`skew`: added to the clock's time, kept across its tests), the warnings logged (`warn`, not
 * printed) and the reads started, spied afresh for each test.
 */
export function referenceHarness() {
  let tables: { ds: DataSource; close: () => Promise<void> } | undefined;
  let warn: jest.SpyInstance | undefined;
  let query: jest.SpyInstance | undefined;
  const h = {
    skew: 0,
    get ds(): DataSource {
      return tables!.ds;
    },
    get warn(): jest.SpyInstance {
      return warn!;
    },
    /** The name of `PLAN_UNIT` a request is answered with. */
    unitName: (reference: ReadModelReferenceData) =>
      asRequest(async () => (await reference.get()).units.get(PLAN_UNIT.id)),
    /** Reference reads started so far (their DISTINCT over the board's table). */
    readsStarted: () => query!.mock.calls.filter(([sql]) => String(sql).includes('unnest(lead_units')).length,
  };

  beforeAll(async () => (tables = await referenceTables()), 60_000);

  afterAll(async () => tables?.close());

  beforeEach(() => {
    const real = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => real() + h.skew);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    query = jest.spyOn(h.ds, 'query');
  });

  afterEach(() => {
    boundStatementsByDefault(0);
    jest.restoreAllMocks();
  });

  return h;
}

/** The test's own statements (its setup, its locks), never cut by the requests' bound that a test sets. */
export const unbounded = <T>(fn: () => Promise<T>): Promise<T> => withQueryTimeout(0, fn);

/** `use` as a request of the API process: its statements, and its waits, bounded by the requests' bound (300 ms). */
export async function asRequest<T>(use: () => Promise<T>): Promise<T> {
  boundStatementsByDefault(300);
  try {
    return await use();
  } finally {
    boundStatementsByDefault(0);
  }
}

/** Names the plan's unit `name` (a statement of the test's own). */
export const renameUnit = (ds: DataSource, name: string) =>
  unbounded(() =>
    ds.query(`UPDATE plan_plans SET model = jsonb_set(model, '{units,0,name}', to_jsonb($1::text))`, [name]),
  );

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `work`, or a failure once it has taken `ms`: a use that waited for a read held up by a lock. */
export async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('waited')), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `probe` until it gives `expected` (5 s at most): what the uses see once a read is done. */
export async function eventually<T>(probe: () => Promise<T>, expected: T): Promise<T> {
  let seen = await probe();
  for (let deadline = Date.now() + 5_000; seen !== expected && Date.now() < deadline;) {
    await sleep(50);
    seen = await probe();
  }
  return seen;
}

/** Statements of a reference read waiting for a lock, as the server sees them. */
export async function readsWaiting(ds: DataSource): Promise<number> {
  const [row] = await unbounded(() =>
    ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE '%unnest(lead_units%'`,
    ),
  );
  return row!.n;
}

/** Runs `fn` while a transaction of the test holds the board's table locked: any reference read waits. */
export async function whileLocked<T>(ds: DataSource, fn: () => Promise<T>): Promise<T> {
  const holder = ds.createQueryRunner();
  await unbounded(() => holder.connect());
  try {
    await unbounded(async () => {
      await holder.startTransaction();
      await holder.query('LOCK TABLE rm_milestones IN ACCESS EXCLUSIVE MODE');
    });
    const result = await fn();
    await unbounded(() => holder.commitTransaction());
    return result;
  } finally {
    if (holder.isTransactionActive) await unbounded(() => holder.rollbackTransaction());
    await holder.release();
  }
}
