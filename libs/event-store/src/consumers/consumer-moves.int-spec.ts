import type { Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { dataSourceOptions, loadConfig } from '@app/platform';
import { migrationNamed } from '@app/platform/testing';
import type { RecordedEvent } from '../event-store.port';
import { testEvent } from '../testing/event-store.contract';
import { PoisonedTally, storedCheckpoint, TallyConsumer, until } from '../testing/tally-consumer';
import { useTallyDatabase } from '../testing/tally-database';
import { lockCheckpointSql } from './batch-sql';
import { moveCheckpoint } from './consumer-failures';
import { ConsumerRunner } from './consumer-runner';
import { ConsumerLoop } from './consumer-loop';

const ConsumerCheckpointMoves1764889400000 = migrationNamed('ConsumerCheckpointMoves1764889400000');

const config = { ...loadConfig({}), consumerPollMs: 50, consumerBatchSize: 10 };

/** Each failure written on a checkpoint row (its `failures` changed), with the row's `moves` then. */
const WITNESS = `
  CREATE TABLE failure_writes (name text, moves integer);
  CREATE FUNCTION witness() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    IF NEW.failures IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.failures IS DISTINCT FROM OLD.failures) THEN
      INSERT INTO failure_writes VALUES (NEW.name, NEW.moves);
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER witness AFTER INSERT OR UPDATE ON consumer_checkpoints FOR EACH ROW EXECUTE FUNCTION witness()`;

describe('a checkpoint set by hand while a batch fails (real PostgreSQL)', () => {
  const db = useTallyDatabase();
  const errors: string[] = [];
  const log = {
    log: () => undefined,
    warn: () => undefined,
    error: (m: string) => void errors.push(m),
  } as unknown as Logger;

  beforeEach(async () => {
    errors.length = 0;
    await db.ds.query(WITNESS);
  });

  const writes = (name: string) =>
    db.ds.query<{ moves: number }[]>('SELECT moves FROM failure_writes WHERE name = $1', [name]);

  /** Runs `body` with the loop of `consumer` on `runner`, retrying 20 ms after a failure. */
  async function withLoop(consumer: TallyConsumer, runner: ConsumerRunner, body: () => Promise<void>) {
    runner.register(consumer);
    const loop = new ConsumerLoop(consumer, runner, db.url, config, log, () => 20);
    loop.start();
    try {
      await body();
    } finally {
      await loop.stop();
    }
  }

  const waitingOnLock = async () =>
    (
      await db.ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      )
    )[0]!.n > 0;

  it('a reset to the same position (0 to 0) waiting on a failing batch does not get its failure back', async () => {
    await db.store.append('s-1', [testEvent('N', { n: 1, poison: true })], 'any');
    const cli = db.runner(); // the CLI's projections reset, in another process
    cli.register(new TallyConsumer('same'));
    let reset: Promise<void> | undefined;
    /** Its first batch (locked at 0) starts the reset, which waits on the row; then it fails, once. */
    class ResetWhileFailing extends PoisonedTally {
      override async handle(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
        if (reset === undefined) {
          reset = cli.reset('same');
          await until(waitingOnLock);
        }
        try {
          await super.handle(events, tx);
        } finally {
          this.broken = false;
        }
      }
    }
    const c = new ResetWhileFailing('same');
    await withLoop(c, db.runner(), async () => {
      await until(async () => c.seen.includes(1));
      await reset;
    });
    expect(c.failed).toBe(1);
    expect(errors).toEqual([expect.stringContaining('event 1 (')]);
    // The failure, recorded once the reset had moved the checkpoint, would have shown until the next success.
    expect(await writes('same')).toEqual([]);
    expect((await cli.status())[0]).toMatchObject({ position: 1, failing: null });
  });

  /**
   * The loop of a tally on a pool whose statements give up waiting on a lock after 2.5 s; `hold` keeps the tally's
   * checkpoint row locked 4.5 s meanwhile, on another connection: its next batch, woken by an append, fails before
   * it locks the checkpoint (55P03), and its failure waits on the row until `hold` commits. The batch may start up
   * to 2 s late and still fail on the lock; its failure then waits less than the 2.5 s (margins for a busy CI).
   */
  async function failBeforeLock(name: string, hold: (tx: EntityManager) => Promise<void>): Promise<void> {
    const timed = new DataSource(
      dataSourceOptions(db.url, {
        logging: false,
        migrationsRun: false,
        extra: { max: 4, options: '-c lock_timeout=2500' },
      }),
    );
    await timed.initialize();
    try {
      await db.store.append('s-1', [testEvent('N', { n: 1 })], 'any');
      await withLoop(new TallyConsumer(name), new ConsumerRunner(timed, db.url, config), async () => {
        await until(async () => (await storedCheckpoint(db.ds, name)) === 1);
        const held = db.ds.transaction(async (tx) => {
          await tx.query(lockCheckpointSql(name));
          await hold(tx);
        });
        await until(async () => {
          const [row] = await db.ds.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(4.5)%' AND state = 'active'
                AND pid <> pg_backend_pid()`,
          );
          return row!.n > 0;
        });
        await db.store.append('s-1', [testEvent('N', { n: 2 })], 'any');
        await held;
        await until(async () => (await storedCheckpoint(db.ds, name)) >= 2 && errors.length > 0);
      });
    } finally {
      await timed.destroy();
    }
    expect(errors).toEqual([expect.stringContaining('SQLSTATE 55P03')]);
  }

  it('a batch that failed before its lock while a rebuild held the row records nothing on the row it left', async () => {
    await failBeforeLock('early', async (tx) => {
      await tx.query('SELECT pg_sleep(4.5)');
      await moveCheckpoint(tx, 'early', 1); // rebuilt up to the head it had reached: the same position
    });
    expect(await writes('early')).toEqual([]);
  });

  it('a batch that failed before its lock, the checkpoint not moved meanwhile, is recorded', async () => {
    await failBeforeLock('held', async (tx) => void (await tx.query('SELECT pg_sleep(4.5)')));
    expect(await writes('held')).toEqual([{ moves: 0 }]);
  });

  it('the migration goes down and up again', async () => {
    const q = db.ds.createQueryRunner();
    const columns = async () =>
      (
        await db.ds.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM information_schema.columns
            WHERE table_name = 'consumer_checkpoints' AND column_name = 'moves'`,
        )
      )[0]?.n;
    try {
      await db.ds.query('DROP TRIGGER witness ON consumer_checkpoints');
      await new ConsumerCheckpointMoves1764889400000().down(q);
      expect(await columns()).toBe(0);
      await new ConsumerCheckpointMoves1764889400000().up(q);
      expect(await columns()).toBe(1);
    } finally {
      await q.release();
    }
  });
});
