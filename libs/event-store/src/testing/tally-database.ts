import type { DataSource } from 'typeorm';
import { loadConfig } from '@app/platform';
import { createTestDataSource } from '@app/platform/testing';
import { ConsumerRunner } from '../consumers/consumer-runner';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { CREATE_TALLY } from './tally-consumer';

/** The runners' settings: a quick poll, and batches of 10 (a few dozen events span several). */
const config = { ...loadConfig({}), consumerPollMs: 50, consumerBatchSize: 10 };

/** The current test's database: read its fields inside a test or a hook (each test has a database of its own). */
export interface TallyDatabase {
  readonly ds: DataSource;
  readonly url: string;
  readonly store: PostgresEventStore;
  /** A runner on the database (polling every 50 ms, batches of 10), shut down after the test. */
  readonly runner: () => ConsumerRunner;
}

/**
 * For the runner's tests against real PostgreSQL: registers, in the calling `describe`, a fresh migrated database
 * with the `tally` table (`TallyConsumer`) before each test, and after it the shutdown of the runners the test made
 * and the database's drop.
 */
export function useTallyDatabase(): TallyDatabase {
  let current: { ds: DataSource; url: string; store: PostgresEventStore; close(): Promise<void> } | undefined;
  const runners: ConsumerRunner[] = [];
  beforeEach(async () => {
    const t = await createTestDataSource();
    current = {
      ds: t.dataSource,
      url: t.db.url,
      store: new PostgresEventStore(t.dataSource),
      close: t.close,
    };
    await t.dataSource.query(CREATE_TALLY);
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.onApplicationShutdown()));
    await current?.close();
    current = undefined;
  });
  const now = () => {
    if (current === undefined) throw new Error('The tally database exists only during a test');
    return current;
  };
  return {
    get ds() {
      return now().ds;
    },
    get url() {
      return now().url;
    },
    get store() {
      return now().store;
    },
    runner: () => {
      const r = new ConsumerRunner(now().ds, now().url, config);
      runners.push(r);
      return r;
    },
  };
}
