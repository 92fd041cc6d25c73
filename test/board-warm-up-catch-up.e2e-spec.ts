import { Logger } from '@nestjs/common';
import { ConsumerRunner } from '@app/event-store';
import { MILESTONE_BOARD_CONSUMER } from '@app/read-models';
import type { TestDatabase } from '@app/platform/testing';
import { expectTheBoard, readiness, seededDatabase } from './support/board-warm-up';
import { waitFor } from './support/service-process';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(180_000);

/*
 * A query process loads the board once its projection has reached the events recorded before the start (a fresh or
 * replaying database), not the part projected so far; readiness says `board_loading` meanwhile. Each test starts on a
 * seeded database whose board projection was reset (a replay from the first event) and holds the consumers.
 */

/** A seeded database whose board projection starts again from the first event (`ConsumerRunner.reset`). */
async function replayingDatabase(): Promise<TestDatabase> {
  const db = await seededDatabase();
  const prep = await startTestApp({ PROCESS_ROLE: 'worker' }, { database: db, startConsumers: false });
  try {
    await prep.app.get(ConsumerRunner).reset(MILESTONE_BOARD_CONSUMER);
  } finally {
    await prep.close();
  }
  return db;
}

const said = (spy: jest.SpyInstance, re: RegExp): string[] =>
  spy.mock.calls.map((c) => String(c[0])).filter((m) => re.test(m));

describe('the board loaded once its projection has caught up', () => {
  let log: jest.SpyInstance;
  let warn: jest.SpyInstance;
  /** The logs from now on (not the seeded template's, which may be built in this test). */
  const watchLogs = (): void => {
    log = jest.spyOn(Logger.prototype, 'log');
    warn = jest.spyOn(Logger.prototype, 'warn');
  };
  afterEach(() => {
    log.mockRestore();
    warn.mockRestore();
  });

  it('with the projections in this process (PROCESS_ROLE=all): not ready until they reach the head, then the whole board', async () => {
    const db = await replayingDatabase();
    watchLogs();
    let t: TestApp | undefined;
    try {
      t = await startTestApp({}, { database: db, startConsumers: false });
      const app = t;
      const runner = app.app.get(ConsumerRunner);
      const head = (await runner.status()).find((s) => s.name === MILESTONE_BOARD_CONSUMER)!.head;
      expect(head).toBeGreaterThan(0);
      await waitFor(
        async () => said(log, /waiting for the board's projection/).length === 1,
        30_000,
        'the warm-up waiting for the projection',
      );
      expect(said(log, /waiting for the board's projection/)[0]).toContain(`at position 0 of ${head}`);
      expect(await readiness(app)).toEqual({ status: 'not_ready', database: 'up', reason: 'board_loading' });
      // A question meanwhile is answered with what is projected so far; it does not make the process ready.
      expect((await app.request('GET', '/api/v1/milestones?pageSize=5')).status).toBe(200);
      expect(await readiness(app)).toEqual({ status: 'not_ready', database: 'up', reason: 'board_loading' });
      expect(said(log, /board loaded/)).toEqual([]);

      runner.start();
      await waitFor(async () => (await readiness(app)).status === 'ready', 60_000, 'ready once caught up');
      const loaded = said(log, /board loaded/);
      expect(loaded).toHaveLength(1);
      const [, milestones, position] = /board loaded: (\d+) milestones at position (\d+)/.exec(loaded[0]!)!;
      expect(Number(milestones)).toBeGreaterThan(100);
      expect(Number(position)).toBeGreaterThanOrEqual(head);
      expect(said(warn, /board/)).toEqual([]);
      await expectTheBoard(app);
    } finally {
      await t?.close();
      await db.drop();
    }
  });

  it('an API-only process (PROCESS_ROLE=api) whose workers do not run waits only a few seconds, then loads what there is', async () => {
    const db = await replayingDatabase();
    watchLogs();
    let t: TestApp | undefined;
    try {
      t = await startTestApp({ PROCESS_ROLE: 'api' }, { database: db, startConsumers: false });
      const app = t;
      await waitFor(
        async () => said(log, /waiting for the board's projection/).length === 1,
        30_000,
        'the warm-up waiting for the projection',
      );
      expect(await readiness(app)).toEqual({ status: 'not_ready', database: 'up', reason: 'board_loading' });
      // Not held unready by workers that are not running: ready, said why.
      await waitFor(
        async () => (await readiness(app)).status === 'ready',
        30_000,
        'ready without the workers',
      );
      const stood = said(warn, /the board's projection stood still/);
      expect(stood).toHaveLength(1);
      expect(stood[0]).toMatch(/stood still for 5 s at position 0 of \d+/);
      expect(said(log, /board loaded: 0 milestones at position 0/)).toHaveLength(1);

      // The workers come: what they project is read as questions come.
      app.app.get(ConsumerRunner).start();
      await waitFor(
        async () => (await app.request('GET', '/api/v1/milestones?pageSize=5')).body?.total > 100,
        60_000,
        'the board as the workers project it',
      );
    } finally {
      await t?.close();
      await db.drop();
    }
  });

  it('a stop while it waits for the projection ends the wait: nothing loaded, nothing logged as failed', async () => {
    const db = await replayingDatabase();
    watchLogs();
    let t: TestApp | undefined;
    try {
      t = await startTestApp({}, { database: db, startConsumers: false });
      await waitFor(
        async () => said(log, /waiting for the board's projection/).length === 1,
        30_000,
        'the warm-up waiting for the projection',
      );
      // A generous bound, well within the minute the wait would stand a still projection in this role.
      const closed = t.close().then(() => 'closed');
      t = undefined;
      const outcome = await Promise.race([
        closed,
        new Promise((r) => setTimeout(() => r('still waiting for the projection'), 30_000).unref()),
      ]);
      expect(outcome).toBe('closed');
      expect(said(log, /board loaded/)).toEqual([]);
      expect(said(warn, /board/)).toEqual([]);
    } finally {
      await t?.close();
      await db.drop();
    }
  });
});
