import { Logger } from '@nestjs/common';
import { beginShutdown } from '@app/platform';
import { BoardWarmUp } from '@app/read-models';
import { resetShutdownForTests } from '@app/platform/testing';
import {
  boardReadsWaiting,
  connect,
  expectTheBoard,
  readiness,
  seededDatabase,
} from './support/board-warm-up';
import { waitFor } from './support/service-process';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(180_000);

/*
 * A query process loads the board into memory as it starts (`BoardWarmUp`), and readiness waits for it: an instance
 * behind a load balancer is not sent questions it would answer only after the whole board is read. Each test starts a
 * query process (PROCESS_ROLE=api) on a seeded database and holds its load in PostgreSQL.
 */

describe('the board loaded into memory as a query process starts', () => {
  it('is loading by itself before any question, and readiness says so until it is in memory', async () => {
    const db = await seededDatabase();
    const owner = await connect(db.url);
    const watcher = await connect(db.url);
    let t: TestApp | undefined;
    try {
      // Nobody may read the board until the owner's transaction ends: the load waits for that lock.
      await owner.query('BEGIN');
      await owner.query('LOCK TABLE rm_milestones IN ACCESS EXCLUSIVE MODE');
      t = await startTestApp({ PROCESS_ROLE: 'api' }, { database: db, startConsumers: false });
      const app = t;
      await waitFor(
        async () => (await boardReadsWaiting(watcher, db)) === 1,
        30_000,
        'the board being read before any question, waiting for the lock',
      );
      expect((await app.request('GET', '/health/live', { token: null })).status).toBe(200);
      const notYet = await app.request('GET', '/health/ready', { token: null });
      expect(notYet.status).toBe(503);
      expect(Number(notYet.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(notYet.body).toEqual({ status: 'not_ready', database: 'up', reason: 'board_loading' });

      await owner.query('COMMIT');
      await waitFor(
        async () => (await readiness(app)).status === 'ready',
        30_000,
        'ready once the board is loaded',
      );
      await expectTheBoard(app);
    } finally {
      await owner.end();
      await watcher.end();
      await t?.close();
      await db.drop();
    }
  });

  it('a load that fails is logged once, tried again, and readiness recovers without a restart', async () => {
    const db = await seededDatabase();
    const owner = await connect(db.url);
    const warn = jest.spyOn(Logger.prototype, 'warn');
    let t: TestApp | undefined;
    try {
      // (Not a REVOKE: every start grants the application role its privileges again, after the migrations.)
      await owner.query('ALTER TABLE rm_milestones RENAME TO rm_milestones_away');
      t = await startTestApp({ PROCESS_ROLE: 'api' }, { database: db, startConsumers: false });
      const app = t;
      const warmUp = app.app.get(BoardWarmUp);
      await waitFor(async () => warmUp.failedAttempts >= 3, 30_000, 'three failed loads');
      expect((await app.request('GET', '/health/live', { token: null })).status).toBe(200);
      expect(await readiness(app)).toEqual({ status: 'not_ready', database: 'up', reason: 'board_loading' });
      const logged = warn.mock.calls
        .map((c) => String(c[0]))
        .filter((m) => /loading the board failed/.test(m));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatch(/relation "rm_milestones" does not exist/);
      expect(logged[0]).not.toContain(new URL(db.appUrl).password);

      await owner.query('ALTER TABLE rm_milestones_away RENAME TO rm_milestones');
      await waitFor(
        async () => (await readiness(app)).status === 'ready',
        60_000,
        'ready once a load succeeds',
      );
      expect(warmUp.failedAttempts).toBe(0);
      await expectTheBoard(app);
    } finally {
      warn.mockRestore();
      await owner.end();
      await t?.close();
      await db.drop();
    }
  });

  // The stop as SIGTERM begins it (runServiceProcess: the shutdown signal, then the application's close), and the
  // application's close alone (a test's, or a failed start's).
  it.each([
    ['the process begins to stop', true],
    ['the application is closed', false],
  ])(
    'a load held on a lock is cut off when %s: the stop does not wait for it, logs no failure, tries no more',
    async (_when, signal) => {
      const db = await seededDatabase();
      const owner = await connect(db.url);
      const watcher = await connect(db.url);
      // (from now on: not the seeded template's, which may be built in this test)
      const log = jest.spyOn(Logger.prototype, 'log');
      const warn = jest.spyOn(Logger.prototype, 'warn');
      const said = (spy: jest.SpyInstance, re: RegExp) => spy.mock.calls.filter((c) => re.test(String(c[0])));
      let t: TestApp | undefined;
      try {
        await owner.query('BEGIN');
        await owner.query('LOCK TABLE rm_milestones IN ACCESS EXCLUSIVE MODE');
        t = await startTestApp({ PROCESS_ROLE: 'api' }, { database: db, startConsumers: false });
        await waitFor(
          async () => (await boardReadsWaiting(watcher, db)) === 1,
          30_000,
          'the load waiting for the lock',
        );

        if (signal) {
          beginShutdown();
          // Cut off on the server before the application is even closed, while the lock is still held.
          await waitFor(async () => (await boardReadsWaiting(watcher, db)) === 0, 30_000, 'the load cut off');
        }
        // Closed while the lock is still held (a generous bound: the load alone would wait for the COMMIT below).
        const closed = t.close().then(() => 'closed');
        t = undefined;
        const outcome = await Promise.race([
          closed,
          new Promise((r) => setTimeout(() => r('still waiting for the load'), 30_000).unref()),
        ]);
        expect(outcome).toBe('closed');
        // (the cancel request reaches the server on a connection of its own, maybe just after)
        await waitFor(
          async () => (await boardReadsWaiting(watcher, db)) === 0,
          30_000,
          'no read of the board left waiting for the lock',
        );
        await owner.query('COMMIT');

        // Not a failure, and no attempt after the stop (a retry would come within a second, and fail on the closed pool).
        await new Promise((r) => setTimeout(r, 1500));
        expect(said(warn, /loading the board failed/)).toEqual([]);
        expect(said(log, /loading the board stopped: the service is stopping/)).toHaveLength(1);
        expect(said(log, /board loaded/)).toEqual([]);
      } finally {
        log.mockRestore();
        warn.mockRestore();
        resetShutdownForTests();
        await owner.end();
        await watcher.end();
        await t?.close();
        await db.drop();
      }
    },
  );
});
